import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { AllowPendingPasswordChange, CurrentStaff } from '../../common/auth';
import { MeResponseDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('我的 me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @AllowPendingPasswordChange()
  @ApiOperation({
    summary: 'The signed-in staff member, with roles and whether a password change is due',
  })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentStaff() me: Principal): Promise<MeResponseDto> {
    return this.staff.me(me);
  }
}
