import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DemoDataService } from '../../src/demo/demo-data.service.js';
import { User } from '../../src/users/user.entity.js';
import { unique } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';

describe('ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  const email = `${unique('boot-admin')}@council.example`.toLowerCase();
  const password = 'Boot-Admin-Passw0rd-1';
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ ADMIN_EMAIL: email, ADMIN_PASSWORD: password, DEMO_DATA: 'false' });
  });
  afterAll(() => app.close());

  it('creates that admin on start, once, and the credentials log in as admin', async () => {
    const first = await app.app.get(DemoDataService).ensure();
    expect(first).toEqual([{ email, password, role: 'admin' }]);
    const login = await app.http().post('/api/v1/auth/login').send({ email, password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ email, role: 'admin' });
    expect(await app.app.get(DemoDataService).ensure()).toEqual([]);
  });

  it('leaves an existing account as it is (a disabled one stays disabled) and warns that it gives no admin', async () => {
    await app.dataSource.getRepository(User).update({ email }, { disabled: true });
    const warnings: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    try {
      expect(await app.app.get(DemoDataService).ensure()).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    expect(await app.dataSource.getRepository(User).findOneByOrFail({ email })).toMatchObject({ disabled: true, role: 'admin' });
    expect(warnings).toEqual([expect.stringContaining(`ADMIN_EMAIL ${email} belongs to an existing disabled admin account`)]);
    expect((await app.http().post('/api/v1/auth/login').send({ email, password })).status).toBe(401);
  });
});
