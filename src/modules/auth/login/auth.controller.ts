import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../../common/auth';
import { AllowPendingPasswordChange, CurrentStaff, Public } from '../../../common/auth';
import type { AppRequest } from '../../../common/http/request-context';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import { AuthErrors } from '../auth.errors';
import type { ClientInfo } from './auth.service';
import { AuthService } from './auth.service';
import type { LoginCandidate } from '../credential.repository';
import { ChangePasswordDto, LoginDto, RefreshDto, TokenPairResponseDto } from '../dto/auth.dto';
import { LocalAuthGuard } from './local-auth.guard';
import { LoginThrottlerGuard } from './login-throttler.guard';

const clientOf = (req: AppRequest): ClientInfo => ({
  ip: req.ip,
  userAgent: req.headers['user-agent'] ?? undefined,
});

@ApiTags('登录 auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard, LocalAuthGuard)
  @ApiOperation({ summary: 'Sign in with staff number and password' })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiErrors(
    AuthErrors.INVALID_CREDENTIALS,
    AuthErrors.ACCOUNT_DISABLED,
    AuthErrors.TOO_MANY_FAILURES,
    AuthErrors.TOO_MANY_ATTEMPTS,
  )
  login(@Req() req: AppRequest, @Body() _dto: LoginDto): Promise<TokenPairResponseDto> {
    return this.auth.login(req.user as unknown as LoginCandidate, clientOf(req));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh token; a reused token revokes the whole session' })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiErrors(
    AuthErrors.REFRESH_INVALID,
    AuthErrors.REFRESH_REUSED,
    AuthErrors.SESSION_IDLE,
    AuthErrors.ACCOUNT_DISABLED,
  )
  refresh(@Body() dto: RefreshDto): Promise<TokenPairResponseDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @ApiBearerAuth()
  @AllowPendingPasswordChange()
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session: its access and refresh tokens stop working' })
  @ApiNoContentResponse()
  async logout(@CurrentStaff() me: Principal): Promise<void> {
    await this.auth.logout(me);
  }

  @Post('password')
  @ApiBearerAuth()
  @AllowPendingPasswordChange()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the own password; every session ends and a fresh one is returned',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiErrors(
    AuthErrors.CURRENT_PASSWORD_WRONG,
    AuthErrors.PASSWORD_POLICY,
    AuthErrors.PASSWORD_UNCHANGED,
    AuthErrors.ACCOUNT_LOCKED,
  )
  changePassword(
    @CurrentStaff() me: Principal,
    @Body() dto: ChangePasswordDto,
    @Req() req: AppRequest,
  ): Promise<TokenPairResponseDto> {
    return this.auth.changePassword(me, dto.currentPassword, dto.newPassword, clientOf(req));
  }
}
