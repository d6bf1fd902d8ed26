// openLedger / parseLedgerSpec: which adapter a spec string names, and the errors for a bad spec
// and for a driver that is not installed.
import { describe, expect, test, vi } from 'vitest';
import { MemoryLedger } from '../../../src/host/index';
import { loadDriver } from '../../../src/host/node/driver';
import { openLedger, parseLedgerSpec } from '../../../src/host/node/index';
import { caught } from '../../helpers/caught';
import { tempDir } from './temp';
import { rejection } from '../../helpers/caught-async';

const tmp = tempDir('open-ledger');


describe('parseLedgerSpec', () => {
  test.each([
    ['memory', { kind: 'memory' }],
    ['sqlite:/var/lib/cardwire/host.db', { kind: 'sqlite', path: '/var/lib/cardwire/host.db' }],
    ['sqlite:ledger', { kind: 'sqlite', path: 'ledger' }],
    ['host.db', { kind: 'sqlite', path: 'host.db' }],
    ['./data/host.sqlite', { kind: 'sqlite', path: './data/host.sqlite' }],
    ['host.SQLITE3', { kind: 'sqlite', path: 'host.SQLITE3' }],
    ['C:\\cardwire\\host.db', { kind: 'sqlite', path: 'C:\\cardwire\\host.db' }],
    ['postgres://host@127.0.0.1/cardwire', { kind: 'postgres', connectionString: 'postgres://host@127.0.0.1/cardwire' }],
    ['postgresql://host:pw@db:5432/cardwire?sslmode=require', { kind: 'postgres', connectionString: 'postgresql://host:pw@db:5432/cardwire?sslmode=require' }],
  ])('%s', (spec, expected) => {
    expect(parseLedgerSpec(spec)).toEqual(expected);
  });

  test.each(['', 'Memory', 'sqlite:', 'host.txt', 'mysql://db/x', 'postgres://', 'postgresx://db', 'redis://x.db'])('%j is HOST_CONFIG_INVALID at ledger', (spec) => {
    expect(caught(() => parseLedgerSpec(spec))).toEqual({ code: 'HOST_CONFIG_INVALID', path: 'ledger', offset: undefined });
  });

  test('the message names what is accepted and quotes no connection string', () => {
    try {
      parseLedgerSpec('mysql://user:s3cret@db/x');
    } catch (e) {
      expect(String(e)).toContain('postgresql://');
      expect(String(e)).not.toContain('s3cret');
      return;
    }
    throw new Error('expected an error');
  });
});

describe('openLedger', () => {
  test('memory and sqlite open the right adapter', async () => {
    const m = await openLedger('memory');
    expect(m).toBeInstanceOf(MemoryLedger);
    const s = await openLedger(`sqlite:${tmp.file('a.db')}`);
    expect(s.kind).toBe('sqlite');
    await s.close();
    const bare = await openLedger(tmp.file('b.sqlite'), { sqlite: { maxBatch: 4 } });
    expect(bare.kind).toBe('sqlite');
    await bare.close();
  });

  test('postgres: an unreachable server is HOST_LEDGER_UNAVAILABLE', async () => {
    expect(await rejection(openLedger('postgresql://nobody@127.0.0.1:1/none', { postgres: { connectTimeoutMs: 2000 } }))).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
  });

  test('a bad spec rejects with HOST_CONFIG_INVALID', async () => {
    expect(await rejection(openLedger('oracle://db'))).toMatchObject({ code: 'HOST_CONFIG_INVALID', path: 'ledger' });
  });
});

describe('a driver that is not installed', () => {
  test('loadDriver names the package to install', async () => {
    const e = await rejection(loadDriver('no-such-driver-cardwire@12', () => import('no-such-driver-cardwire' as string)));
    expect(e).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
    expect(e.message).toContain('no-such-driver-cardwire, which is not installed: npm install no-such-driver-cardwire@12');
  });

  test('a driver that is there but fails to load says so', async () => {
    const e = await rejection(loadDriver('pg@8', () => Promise.reject(new Error('invalid ELF header'))));
    expect(e.message).toContain('pg is installed but did not load');
  });

  test('loadDriver returns the CommonJS exports with or without a default wrapper', async () => {
    const exports = { Pool: 'pool' };
    expect(await loadDriver('x', async () => ({ default: exports }))).toBe(exports);
    expect(await loadDriver('x', async () => exports)).toBe(exports);
  });

  test('openLedger for SQLite without better-sqlite3: npm install better-sqlite3@12', async () => {
    vi.resetModules();
    vi.doMock('better-sqlite3', () => {
      throw Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    try {
      const { openLedger: open } = await import('../../../src/host/node/index');
      const e = await rejection(open(`sqlite:${tmp.file('c.db')}`));
      expect(e).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
      expect(e.message).toContain('better-sqlite3, which is not installed: npm install better-sqlite3@12');
    } finally {
      vi.doUnmock('better-sqlite3');
      vi.resetModules();
    }
  });

  test('openLedger for PostgreSQL without pg: npm install pg@8', async () => {
    vi.resetModules();
    vi.doMock('pg', () => {
      throw Object.assign(new Error("Cannot find package 'pg'"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    try {
      const { openLedger: open } = await import('../../../src/host/node/index');
      const e = await rejection(open('postgresql://nobody@127.0.0.1:1/none'));
      expect(e).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
      expect(e.message).toContain('pg, which is not installed: npm install pg@8');
    } finally {
      vi.doUnmock('pg');
      vi.resetModules();
    }
  });
});
