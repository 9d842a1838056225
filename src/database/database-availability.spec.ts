import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import type { AppConfig } from '../config';
import { DatabaseAvailability } from './database-availability';

const pool = new EventEmitter();
const availability = () =>
  new DatabaseAvailability(
    { driver: { master: pool } } as unknown as DataSource,
    { db: { url: 'postgres://postgres@127.0.0.1:5432/xuefa' } } as AppConfig,
  );
const withCode = (code: string, extra: object = {}) =>
  Object.assign(new Error(code), { code, ...extra });

describe('DatabaseAvailability', () => {
  it.each([
    [
      'admin shutdown (57P01) inside a QueryFailedError',
      true,
      new QueryFailedError('SELECT 1', [], withCode('57P01')),
    ],
    ['starting up (57P03)', true, withCode('57P03')],
    ['a connection exception (08006)', true, withCode('08006')],
    ['refused on the database port', true, withCode('ECONNREFUSED', { port: 5432 })],
    ['refused on another port (Redis)', false, withCode('ECONNREFUSED', { port: 6379 })],
    [
      'refused, inside an AggregateError',
      true,
      new AggregateError([withCode('ECONNREFUSED')], 'x'),
    ],
    ['a dead connection', true, new Error('Connection terminated unexpectedly')],
    ['the pool timing out', true, new Error('timeout exceeded when trying to connect')],
    ['a unique violation', false, new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a bug', false, new TypeError('x is undefined')],
  ])('%s → unavailable: %s', (_, expected, error) => {
    expect(availability().isUnavailable(error)).toBe(expected);
  });

  it('logs an outage once, and again only after the pool has connected', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const a = availability();
      a.onApplicationBootstrap();
      for (let i = 0; i < 50; i++) a.report(withCode('ECONNREFUSED'));
      expect(log).toHaveBeenCalledTimes(1);
      pool.emit('connect');
      expect(info).toHaveBeenCalledWith(expect.stringMatching(/reachable again.*50 request/));
      a.report(withCode('ECONNREFUSED'));
      expect(log).toHaveBeenCalledTimes(2);
    } finally {
      log.mockRestore();
      info.mockRestore();
    }
  });
});
