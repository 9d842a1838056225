import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { RedisFallback } from '../../common/rate-limit/redis-fallback';
import { AppConfig } from '../../config';
import { REDIS } from '../../queue/redis.module';
import { AuditModule } from '../audit';
import { AccessTokenVerifier } from './access-token-verifier';
import { AccountSecurityService } from './account-security.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialRepository } from './credential.repository';
import { GlobalAuthGuard } from './guards/global-auth.guard';
import { LocalAuthGuard } from './guards/local-auth.guard';
import { LoginThrottlerGuard } from './guards/login-throttler.guard';
import { jwtSecretProvider } from './jwt-secret.provider';
import { PasswordHasher } from './password-hasher.service';
import { FallbackThrottlerStorage, RedisThrottlerStorage } from './redis-throttler.storage';
import { SessionStateService } from './session-state.service';
import { SessionRepository } from './session.repository';
import { LocalStrategy } from './strategies/local.strategy';
import { TokenService } from './token.service';

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
