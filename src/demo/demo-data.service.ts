import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from './demo-accounts.js';

export interface Credential {
  email: string;
  password: string;
  role: string;
}

/** A feature's demo data; seeders run in `order` and must be idempotent. */
export interface DemoSeeder {
  name: string;
  order: number;
  seed(): Promise<unknown>;
}

@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('DemoData');
  private readonly seeders: DemoSeeder[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
  ) {}

  register(seeder: DemoSeeder): void {
    this.seeders.push(seeder);
  }

  /** Ensures the configured admin and, when demo data is on, the demo accounts and every feature's demo data. */
  async ensure(): Promise<Credential[]> {
    const created: Credential[] = [];
    if (this.config.demoData) {
      for (const organisation of DEMO_ORGANISATIONS) await this.ensureOrganisation(organisation.name, organisation.kind);
    }
    if (this.config.admin) {
      const council = await this.ensureOrganisation('Medway Council', 'council');
      const admin = this.config.admin;
      if (await this.ensureUser(admin.email, admin.password, 'admin', council.id, 'Administrator')) {
        created.push({ email: admin.email, password: admin.password, role: 'admin' });
      } else {
        await this.warnIfNotAnEnabledAdmin(admin.email);
      }
    }
    if (!this.config.demoData) return created;
    for (const user of DEMO_USERS) {
      const organisation = await this.ensureOrganisation(user.organisation, 'council');
      if (await this.ensureUser(user.email, DEMO_PASSWORD, user.role, organisation.id, user.displayName)) {
        created.push({ email: user.email, password: DEMO_PASSWORD, role: user.role });
      }
    }
    for (const seeder of [...this.seeders].sort((a, b) => a.order - b.order)) {
      await seeder.seed();
      this.logger.log(`Demo data ensured: ${seeder.name}`);
    }
    return created;
  }

  /**
   * An existing account is never changed at start (a restart must not undo an admin's decision to disable it or
   * change its role, nor reset its password), but an operator relying on ADMIN_EMAIL is told it gives no admin.
   */
  private async warnIfNotAnEnabledAdmin(email: string): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    if (user && (user.role !== 'admin' || user.disabled)) {
      this.logger.warn(
        `ADMIN_EMAIL ${email} belongs to an existing ${user.disabled ? 'disabled ' : ''}${user.role} account, left as it is: ` +
          'it gives no working admin. Use another ADMIN_EMAIL, or re-enable the account through another admin.',
      );
    }
  }

  private async ensureOrganisation(name: string, kind: Organisation['kind']): Promise<Organisation> {
    const repository = this.dataSource.getRepository(Organisation);
    return (await repository.findOneBy({ name })) ?? repository.save(repository.create({ name, kind }));
  }

  private async ensureUser(
    email: string,
    password: string,
    role: User['role'],
    organisationId: string,
    displayName: string,
  ): Promise<boolean> {
    const repository = this.dataSource.getRepository(User);
    if (await repository.existsBy({ email })) return false;
    await repository.save(
      repository.create({ email, passwordHash: await this.hasher.hash(password), role, organisationId, displayName }),
    );
    return true;
  }
}
