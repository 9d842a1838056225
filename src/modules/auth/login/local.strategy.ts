import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import type { AppRequest } from '../../../common/http/request-context';
import { AuthService } from './auth.service';
import type { LoginCandidate } from '../credential.repository';

/** passport-local: staff number + password. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({
      usernameField: 'staffNo',
      passwordField: 'password',
      session: false,
      passReqToCallback: true,
    });
  }

  validate(req: AppRequest, staffNo: string, password: string): Promise<LoginCandidate> {
    return this.auth.validateCredentials(staffNo, password, req.ip ?? 'unknown');
  }
}
