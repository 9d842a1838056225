/**
 * The framework's share for bench/answer-save (BENCH_ABLATION=1): a NestJS app (Express adapter
 * unless NEST_PIECES names `fastify`) with only the save route, running the API's statement through a node-postgres
 * pool as the floor server does, plus whichever of the pieces the API has that NEST_PIECES
 * names (comma-separated):
 *  - fastify: the Fastify adapter (@nestjs/platform-fastify, as the API since 7 Dec 2026) instead
 *    of Express;
 *  - log: the API's logger (nestjs-pino, src/common/http/http-logger.ts: one line per request to
 *    an asynchronous destination, stdout) at LOG_LEVEL (the bench's BENCH_LOG_LEVEL, default
 *    warn: nothing is written; info: one line per save);
 *  - synclog: the same with pino's default synchronous destination (the API before 7 Dec 2026);
 *  - validation: the API's global ValidationPipe with the save route's DTO (its precompiled
 *    check answers valid saves);
 *  - classval: the same pipe with class-validator for every body (the API before 7 Dec 2026);
 *  - jwt: a passport-jwt guard (HS256, the API's secret) whose validate returns the payload (how
 *    the API checked tokens before 7 Dec 2026);
 *  - verifier: the API's guard's token check instead: AccessTokenVerifier (jsonwebtoken, no
 *    passport, verified tokens cached per process);
 *  - context: an AsyncLocalStorage context around every request, as the request context does
 *    (Express: middleware; Fastify: the last hook before the handler, as bootstrap.ts does).
 * Whatever the full API costs above the version with every piece is our own code (the session
 * check, the audit actor, the transaction host, the error filter).
 * Started by bench/answer-save with NEST_PORT, DATABASE_URL, GRACE_SECONDS, JWT_SECRET.
 */
import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createSecretKey } from 'node:crypto';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Body, Controller, Headers, Injectable, Module, Param, Put } from '@nestjs/common';
import { APP_GUARD, APP_PIPE, NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { LoggerModule } from 'nestjs-pino';
import { httpLoggerParams } from '../src/common/http/http-logger';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Pool } from 'pg';
import { createValidationPipe } from '../src/common/validation/validation.pipe';
import { SAVE_ANSWER_SQL } from '../src/modules/exams/attempt.repository';
import {
  AccessTokenVerifier,
  bearerToken,
} from '../src/modules/auth/tokens/access-token-verifier.service';
import { SaveAnswerDto } from '../src/modules/exams/dto/attempt.dto';

const pieces = new Set((process.env.NEST_PIECES ?? '').split(',').filter(Boolean));
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const grace = Number(process.env.GRACE_SECONDS ?? 10);
const context = new AsyncLocalStorage<{ requestNo: number }>();

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '')) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: true,
    });
  }

  validate(payload: unknown): unknown {
    return payload;
  }
}

@Injectable()
class JwtGuard extends AuthGuard('jwt') {}

@Injectable()
class VerifierGuard implements CanActivate {
  private readonly verifier = new AccessTokenVerifier(process.env.JWT_SECRET ?? '');

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string> }>();
    const token = bearerToken(req.headers.authorization);
    return token !== null && this.verifier.verify(token) !== null;
  }
}

@Controller()
class SaveController {
  @Put('exam-attempts/:id/answers/:position')
  async save(
    @Param('id') id: string,
    @Param('position') position: string,
    @Headers('x-staff-id') staffId: string,
    @Body() body: SaveAnswerDto,
  ) {
    const r = await pool.query<{ seq: string; saved_at: Date }>({
      name: 'save_answer',
      text: SAVE_ANSWER_SQL,
      values: [
        id,
        staffId,
        Number(position),
        JSON.stringify(body.response),
        body.seq,
        new Date(),
        grace,
      ],
    });
    const row = r.rows[0];
    return row
      ? { applied: true, seq: Number(row.seq), savedAt: row.saved_at.toISOString() }
      : { applied: false };
  }
}

@Module({
  imports: [
    ...(pieces.has('log') || pieces.has('synclog')
      ? [
          LoggerModule.forRoot(
            httpLoggerParams({
              level: process.env.LOG_LEVEL ?? 'warn',
              name: 'bench-nest',
              sync: pieces.has('synclog'),
            }),
          ),
        ]
      : []),
    ...(pieces.has('jwt') ? [PassportModule] : []),
  ],
  controllers: [SaveController],
  providers: [
    ...(pieces.has('validation') ? [{ provide: APP_PIPE, useFactory: createValidationPipe }] : []),
    ...(pieces.has('classval')
      ? [{ provide: APP_PIPE, useFactory: () => createValidationPipe(false) }]
      : []),
    ...(pieces.has('jwt') ? [JwtStrategy, { provide: APP_GUARD, useClass: JwtGuard }] : []),
    ...(pieces.has('verifier') ? [{ provide: APP_GUARD, useClass: VerifierGuard }] : []),
  ],
})
class SaveModule {}

async function main(): Promise<void> {
  if (pieces.has('fastify')) {
    const app = await NestFactory.create<NestFastifyApplication>(SaveModule, new FastifyAdapter(), {
      logger: false,
    });
    if (pieces.has('context')) {
      let n = 0;
      app
        .getHttpAdapter()
        .getInstance()
        .addHook('preHandler', (_req, _reply, done) => context.run({ requestNo: n++ }, done));
    }
    await app.listen(Number(process.env.NEST_PORT), '127.0.0.1');
    process.stdout.write('is listening on\n');
    return;
  }
  const app = await NestFactory.create(SaveModule, { logger: false });
  if (pieces.has('context')) {
    let n = 0;
    app.use((_req: unknown, _res: unknown, next: () => void) =>
      context.run({ requestNo: n++ }, next),
    );
  }
  await app.listen(Number(process.env.NEST_PORT), '127.0.0.1');
  process.stdout.write('is listening on\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
