import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DemoDataService } from '../demo/demo-data.service.js';
import { seedDemoWardMembers } from './demo/ward-member-demo.js';
import { WardsController } from './wards.controller.js';
import { WardsService } from './wards.service.js';

@Module({ controllers: [WardsController], providers: [WardsService], exports: [WardsService] })
export class WardsModule implements OnModuleInit {
  constructor(
    private readonly demo: DemoDataService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.demo.register({
      name: 'ward members',
      order: 5,
      seed: async () => {
        await this.dataSource.transaction((manager) => seedDemoWardMembers(manager));
      },
    });
  }
}
