import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { CurrentStaff, Roles } from '../../common/auth';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import type { Page } from '../../common/pagination/pagination';
import { ApiPageResponse } from '../../common/pagination/pagination';
import { IdParam } from '../../common/validation';
import {
  CreateOrgUnitDto,
  ListOrgUnitsQueryDto,
  OrgUnitResponseDto,
  OrgUnitTreeNodeDto,
  UpdateOrgUnitDto,
} from './dto/org-unit.dto';
import { OrgUnitErrors } from './org-units.errors';
import { OrgUnitsService } from './org-units.service';

@ApiTags('单位 org-units')
@ApiBearerAuth()
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly service: OrgUnitsService) {}

  @Get()
  @Roles('admin', 'hr', 'secretary')
  @ApiOperation({ summary: 'Units inside the caller’s scope, filtered and paginated' })
  @ApiPageResponse(OrgUnitResponseDto)
  list(
    @CurrentStaff() me: Principal,
    @Query() query: ListOrgUnitsQueryDto,
  ): Promise<Page<OrgUnitResponseDto>> {
    return this.service.list(me, query);
  }

  @Get('tree')
  @Roles('admin', 'hr', 'secretary')
  @ApiOperation({ summary: 'The caller’s scope as a tree' })
  @ApiOkResponse({ type: [OrgUnitTreeNodeDto] })
  tree(@CurrentStaff() me: Principal): Promise<OrgUnitTreeNodeDto[]> {
    return this.service.tree(me);
  }

  @Get(':id')
  @Roles('admin', 'hr', 'secretary')
  @ApiOkResponse({ type: OrgUnitResponseDto })
  @ApiErrors(OrgUnitErrors.NOT_FOUND)
  get(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<OrgUnitResponseDto> {
    return this.service.get(me, id);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: OrgUnitResponseDto })
  @ApiErrors(OrgUnitErrors.PARENT_NOT_FOUND, OrgUnitErrors.CODE_TAKEN)
  create(
    @CurrentStaff() me: Principal,
    @Body() dto: CreateOrgUnitDto,
  ): Promise<OrgUnitResponseDto> {
    return this.service.create(me, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: OrgUnitResponseDto })
  @ApiErrors(
    OrgUnitErrors.NOT_FOUND,
    OrgUnitErrors.PARENT_NOT_FOUND,
    OrgUnitErrors.CODE_TAKEN,
    OrgUnitErrors.CYCLE,
    OrgUnitErrors.ROOT_MOVE,
  )
  update(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: UpdateOrgUnitDto,
  ): Promise<OrgUnitResponseDto> {
    return this.service.update(me, id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(OrgUnitErrors.NOT_FOUND, OrgUnitErrors.NOT_EMPTY)
  async remove(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<void> {
    await this.service.remove(me, id);
  }
}
