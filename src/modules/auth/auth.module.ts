import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { RedisFallback } from '../../common/rate-limit/redis-fallback';
import { AppConfig } from '../../config';
import { REDIS } from '../../queue/redis.module';
import { AuditModule } from '../audit';
import { AccessTokenVerifier } from './tokens/access-token-verifier.service';
import { AccountSecurityService } from './passwords/account-security.service';
import { AuthController } from './login/auth.controller';
import { AuthService } from './login/auth.service';
import { CredentialRepository } from './credential.repository';
import { GlobalAuthGuard } from './tokens/global-auth.guard';
import { LocalAuthGuard } from './login/local-auth.guard';
import { LoginThrottlerGuard } from './login/login-throttler.guard';
import { jwtSecretProvider } from './tokens/jwt-secret.provider';
import { PasswordHasher } from './passwords/password-hasher.service';
import { FallbackThrottlerStorage, RedisThrottlerStorage } from './login/redis-throttler.storage';
import { SessionStateService } from './tokens/session-state.service';
import { SessionRepository } from './session.repository';
import { LocalStrategy } from './login/local.strategy';
import { TokenService } from './tokens/token.service';

@Module({
  imports: [
    AuditModule,
    PassportModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS, RedisFallback],
      useFactory: (config: AppConfig, redis: Redis, fallback: RedisFallback) => ({
        throttlers: [
          {
            name: 'login',
            ttl: config.auth.loginThrottleTtlMs,
            limit: config.auth.loginThrottleLimit,
          },
        ],
        storage: new FallbackThrottlerStorage(
          redis,
          new RedisThrottlerStorage(redis, config.redis.prefix),
          fallback,
        ),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    jwtSecretProvider,
    AuthService,
    AccountSecurityService,
    CredentialRepository,
    SessionRepository,
    SessionStateService,
    PasswordHasher,
    TokenService,
    LocalStrategy,
    AccessTokenVerifier,
    LocalAuthGuard,
    LoginThrottlerGuard,
    GlobalAuthGuard,
  ],
  exports: [AccountSecurityService, PasswordHasher, AccessTokenVerifier, SessionStateService],
})
export class AuthModule {}
