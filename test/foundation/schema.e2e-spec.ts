import { TestApp } from '../support/test-app.js';

describe('schema', () => {
  it('entities and migrations agree: generating a migration would produce nothing', async () => {
    const app = await TestApp.start();
    try {
      // TypeORM's schema reader queries one connection concurrently, so pg prints a DeprecationWarning here once per
      // run (typeorm/typeorm#12055); only this check and migration generation read the schema that way.
      const sql = await app.dataSource.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
      const pending = await app.dataSource.showMigrations();
      expect(pending).toBe(false);
    } finally {
      await app.close();
    }
  });
});
