import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StorageService } from '../storage/storage.service.js';

export interface DependencyCheck {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: { database: DependencyCheck; storage: DependencyCheck };
}

const TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: StorageService,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, storage] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.storage.checkReachable(TIMEOUT_MS)),
    ]);
    const status = database.status === 'up' && storage.status === 'up' ? 'ok' : 'unavailable';
    return { status, checks: { database, storage } };
  }
}

async function check(probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', latencyMs: Date.now() - started, error: (error as Error).message || String(error) };
  } finally {
    clearTimeout(timer);
  }
}
