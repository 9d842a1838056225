import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../../common/auth';
import { CurrentStaff, Public, Roles } from '../../../common/auth';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import type { Page } from '../../../common/pagination/pagination';
import { ApiPageResponse } from '../../../common/pagination/pagination';
import { IdParam } from '../../../common/validation';
import { CurriculumErrors } from '../curriculum.errors';
import {
  CreatePlanDto,
  ListPlansQueryDto,
  PlanDetailResponseDto,
  PlanResponseDto,
  PublicResponsibilityListDto,
  ResponsibilityItemDto,
  ResponsibilityItemResponseDto,
  SetRequiredLawsDto,
  UpdatePlanDto,
  UpdateResponsibilityItemDto,
} from '../dto/plan.dto';
import { PlansService } from './plans.service';

@ApiTags('学法考法计划 plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @Roles('admin', 'secretary')
  @ApiCreatedResponse({ type: PlanDetailResponseDto })
  @ApiErrors(
    CurriculumErrors.PLAN_NOT_FOUND,
    CurriculumErrors.PLAN_EXISTS,
    CurriculumErrors.PLAN_PERIOD_INVALID,
  )
  create(
    @CurrentStaff() me: Principal,
    @Body() dto: CreatePlanDto,
  ): Promise<PlanDetailResponseDto> {
    return this.plans.create(me, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'Plans in the caller’s admin/HR/secretary scope, and the plans that cover the caller',
  })
  @ApiPageResponse(PlanResponseDto)
  list(
    @CurrentStaff() me: Principal,
    @Query() query: ListPlansQueryDto,
  ): Promise<Page<PlanResponseDto>> {
    return this.plans.list(me, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: PlanDetailResponseDto })
  @ApiErrors(CurriculumErrors.PLAN_NOT_FOUND)
  get(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<PlanDetailResponseDto> {
    return this.plans.get(me, id);
  }

  @Patch(':id')
  @Roles('admin', 'secretary')
  @ApiOkResponse({ type: PlanDetailResponseDto })
  @ApiErrors(
    CurriculumErrors.PLAN_NOT_FOUND,
    CurriculumErrors.PLAN_CLOSED,
    CurriculumErrors.PLAN_PERIOD_INVALID,
    CurriculumErrors.PLAN_STATUS_TRANSITION,
  )
  update(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: UpdatePlanDto,
  ): Promise<PlanDetailResponseDto> {
    return this.plans.update(me, id, dto);
  }

  @Delete(':id')
  @Roles('admin', 'secretary')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(CurriculumErrors.PLAN_NOT_FOUND, CurriculumErrors.PLAN_NOT_DRAFT)
  async remove(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<void> {
    await this.plans.remove(me, id);
  }

  @Put(':id/required-laws')
  @Roles('admin', 'secretary')
  @ApiOperation({
    summary: 'Replace the required laws (optionally narrowed to chapters or articles)',
  })
  @ApiOkResponse({ type: PlanDetailResponseDto })
  @ApiErrors(CurriculumErrors.PLAN_NOT_FOUND, CurriculumErrors.REQUIRED_LAW_INVALID)
  setRequiredLaws(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: SetRequiredLawsDto,
  ): Promise<PlanDetailResponseDto> {
    return this.plans.setRequiredLaws(me, id, dto);
  }

  @Post(':id/responsibility-items')
  @Roles('admin', 'secretary')
  @ApiCreatedResponse({ type: ResponsibilityItemResponseDto })
  @ApiErrors(CurriculumErrors.PLAN_NOT_FOUND, CurriculumErrors.LAW_NOT_FOUND)
  addItem(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @Body() dto: ResponsibilityItemDto,
  ): Promise<ResponsibilityItemResponseDto> {
    return this.plans.addItem(me, id, dto);
  }

  @Patch(':id/responsibility-items/:itemId')
  @Roles('admin', 'secretary')
  @ApiOkResponse({ type: ResponsibilityItemResponseDto })
  @ApiErrors(CurriculumErrors.PLAN_NOT_FOUND, CurriculumErrors.ITEM_NOT_FOUND)
  updateItem(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: UpdateResponsibilityItemDto,
  ): Promise<ResponsibilityItemResponseDto> {
    return this.plans.updateItem(me, id, itemId, dto);
  }

  @Delete(':id/responsibility-items/:itemId')
  @Roles('admin', 'secretary')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(CurriculumErrors.PLAN_NOT_FOUND, CurriculumErrors.ITEM_NOT_FOUND)
  async removeItem(
    @CurrentStaff() me: Principal,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
  ): Promise<void> {
    await this.plans.removeItem(me, id, itemId);
  }

  @Post(':id/responsibility-list/publish')
  @Roles('admin', 'secretary')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the 普法责任清单: readable without signing in from then on' })
  @ApiOkResponse({ type: PlanDetailResponseDto })
  publish(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<PlanDetailResponseDto> {
    return this.plans.publishList(me, id, true);
  }

  @Post(':id/responsibility-list/unpublish')
  @Roles('admin', 'secretary')
  @HttpCode(200)
  @ApiOkResponse({ type: PlanDetailResponseDto })
  unpublish(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<PlanDetailResponseDto> {
    return this.plans.publishList(me, id, false);
  }
}

/** Routes readable without signing in, on purpose (each is on the public-route list test). */
@ApiTags('公开信息 public')
@Controller('public')
export class PublicPlansController {
  constructor(private readonly plans: PlansService) {}

  @Get('plans/:id/responsibility-list')
  @Public()
  @ApiOperation({ summary: 'A published 普法责任清单 (no sign-in); 404 when not published' })
  @ApiOkResponse({ type: PublicResponsibilityListDto })
  @ApiErrors(CurriculumErrors.LIST_NOT_PUBLISHED)
  responsibilityList(@IdParam() id: string): Promise<PublicResponsibilityListDto> {
    return this.plans.publicList(id);
  }
}
