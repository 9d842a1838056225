import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal, RoleName } from '../../../common/auth';
import { scopePaths } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import type { UploadedFileInfo } from '../../../common/http/upload.module';
import { uploadedFileName } from '../../../common/http/upload.module';
import type { Page } from '../../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../../common/pagination/pagination';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { LawsService } from '../../curriculum';
import { OrgUnitsService, UNIT_READER_ROLES } from '../../org-units';
import { StaffService } from '../../staff';
import type {
  CertificateDto,
  CourtHearingDto,
  ExternalTrainingFieldsDto,
  ListMyRecordsQueryDto,
  ListRecordsQueryDto,
  RecordDecisionDto,
  RecordStaffDto,
  StudyRecordResponseDto,
} from '../dto/study-record.dto';
import type { StudyRecordEntity } from '../entities/study-record.entity';
import { KIND_LABELS, STATUS_LABELS } from '../study-labels';
import { StudyLedgerService } from './study-ledger.service';
import type { RecordLawRow } from './study-record.repository';
import { StudyRecordRepository } from './study-record.repository';
import { StudyErrors } from '../study.errors';
import { ContentStore, sniffFile } from '../../../common/files/content-store';
import type { StoredFileType } from '../../../common/files/content-store';

/** Where training certificates live under UPLOAD_DIR, and what they may be. */
const CERTIFICATES = 'certificates';
const CERTIFICATE_TYPES: StoredFileType[] = ['application/pdf', 'image/jpeg', 'image/png'];

/** Who confirms court hearings and external training. */
const DECIDERS: readonly RoleName[] = ['secretary', 'admin'];

export interface CertificateFile {
  content: Buffer;
  fileName: string;
  mimeType: string;
}

/**
 * Study records as people see them, and the claims a secretary confirms: court hearings
 * (旁听庭审) and external training with its certificate. A claim counts only once approved.
 */
@Injectable()
export class StudyRecordsService {
  constructor(
    private readonly records: StudyRecordRepository,
    private readonly ledger: StudyLedgerService,
    private readonly files: ContentStore,
    private readonly laws: LawsService,
    private readonly staff: StaffService,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async submitCourtHearing(
    principal: Principal,
    dto: CourtHearingDto,
  ): Promise<StudyRecordResponseDto> {
    this.assertPast(dto.date);
    const laws = await this.lawsCovered(dto.lawIds ?? []);
    const id = await this.ledger.credit(
      {
        staffId: principal.staffId,
        kind: 'court_hearing',
        sourceKey: randomUUID(),
        occurredOn: dto.date,
        hours: dto.hours,
        title: `旁听庭审：${dto.caseName}`.slice(0, 200),
        laws,
        status: 'pending',
        details: {
          court: dto.court,
          caseName: dto.caseName,
          caseNo: dto.caseNo ?? null,
          mode: dto.mode,
          note: dto.note ?? null,
        },
      },
      this.clock.now(),
    );
    return this.get(principal, id);
  }

  async submitTraining(
    principal: Principal,
    dto: ExternalTrainingFieldsDto,
    file: UploadedFileInfo | undefined,
  ): Promise<StudyRecordResponseDto> {
    if (!file?.buffer?.length) throw StudyErrors.CERTIFICATE_MISSING();
    const kind = sniffFile(file.buffer, CERTIFICATE_TYPES);
    if (!kind) throw StudyErrors.CERTIFICATE_TYPE();
    this.assertPast(dto.date);
    const laws = await this.lawsCovered(dto.lawIds ?? []);
    const sha256 = await this.files.put(CERTIFICATES, file.buffer);
    const certificate: CertificateDto = {
      fileName: uploadedFileName(file).slice(0, 200) || `证书.${kind.extension}`,
      mimeType: kind.mime,
      size: file.buffer.length,
      sha256,
    };
    const id = await this.ledger.credit(
      {
        staffId: principal.staffId,
        kind: 'external_training',
        sourceKey: randomUUID(),
        occurredOn: dto.date,
        hours: dto.hours,
        title: `外部培训：${dto.title}`.slice(0, 200),
        laws,
        status: 'pending',
        details: {
          training: dto.title,
          organizer: dto.organizer ?? null,
          note: dto.note ?? null,
          certificate,
        },
      },
      this.clock.now(),
    );
    return this.get(principal, id);
  }

  async listMine(
    principal: Principal,
    query: ListMyRecordsQueryDto,
  ): Promise<Page<StudyRecordResponseDto>> {
    const [rows, total] = await this.records.listForStaff(principal.staffId, {
      kind: query.kind,
      status: query.status,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    const laws = await this.records.lawsOf(rows.map((r) => r.id));
    return pageOf(
      rows.map((r) => toRecord(r, laws)),
      total,
      query,
    );
  }

  /** Records of the staff in the caller's scope; pending claims first, oldest first. */
  async list(
    principal: Principal,
    query: ListRecordsQueryDto,
  ): Promise<Page<StudyRecordResponseDto>> {
    const unitPath = query.unitId
      ? (await this.units.requireInScope(principal, query.unitId, UNIT_READER_ROLES)).path
      : undefined;
    const { rows, total } = await this.records.listInScope({
      scopePaths: scopePaths(principal, UNIT_READER_ROLES),
      unitPath,
      staffId: query.staffId,
      kind: query.kind,
      status: query.status,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    const laws = await this.records.lawsOf(rows.map((r) => r.id));
    return pageOf(
      rows.map((r) =>
        toRecord(r, laws, {
          id: r.person.id,
          staffNo: r.person.staffNo,
          name: r.person.name,
          unitId: r.person.unitId,
        }),
      ),
      total,
      query,
    );
  }

  /** One record: its owner, or a secretary, HR or admin whose scope covers the owner. */
  async get(principal: Principal, id: string): Promise<StudyRecordResponseDto> {
    const { record, person } = await this.visible(principal, id, UNIT_READER_ROLES);
    return toRecord(record, await this.records.lawsOf([record.id]), person);
  }

  /** Confirms or rejects a pending claim (audited); nobody decides their own. */
  async decide(
    principal: Principal,
    id: string,
    dto: RecordDecisionDto,
  ): Promise<StudyRecordResponseDto> {
    await this.tx.run(async () => {
      const record = await this.records.findById(id);
      if (!record) throw StudyErrors.RECORD_NOT_FOUND();
      if (record.staffId === principal.staffId) throw StudyErrors.OWN_RECORD();
      const person = await this.staff.findInScope(principal, record.staffId, DECIDERS);
      if (!person) throw StudyErrors.RECORD_NOT_FOUND();
      const status = dto.approve ? 'credited' : 'rejected';
      const decided =
        record.status === 'pending' &&
        (await this.records.decide(record.id, status, {
          by: principal.staffId,
          at: this.clock.now(),
          note: dto.note ?? null,
        }));
      if (!decided) {
        const now = (await this.records.findById(id)) ?? record;
        throw StudyErrors.NOT_PENDING({ status: STATUS_LABELS[now.status] });
      }
      await this.audit.record({
        action: dto.approve ? 'study.record_approve' : 'study.record_reject',
        target: { type: 'study_record', id: record.id },
        unitId: person.unitId,
        details: {
          staffId: person.id,
          staffNo: person.staffNo,
          kind: record.kind,
          title: record.title,
          hours: record.hours,
          occurredOn: record.occurredOn,
          note: dto.note ?? null,
        },
      });
    });
    return this.get(principal, id);
  }

  /** The certificate of an external-training record, for the same people who may see it. */
  async certificate(principal: Principal, id: string): Promise<CertificateFile> {
    const { record } = await this.visible(principal, id, UNIT_READER_ROLES);
    const meta = certificateOf(record);
    const content = meta ? await this.files.get(CERTIFICATES, meta.sha256) : null;
    if (!meta || !content) throw StudyErrors.CERTIFICATE_NOT_FOUND();
    return { content, fileName: meta.fileName, mimeType: meta.mimeType };
  }

  // ---- helpers ----

  private async visible(principal: Principal, id: string, roles: readonly RoleName[]) {
    const record = await this.records.findById(id);
    if (!record) throw StudyErrors.RECORD_NOT_FOUND();
    if (record.staffId === principal.staffId) {
      return { record, person: undefined };
    }
    const person = await this.staff.findInScope(principal, record.staffId, roles);
    if (!person) throw StudyErrors.RECORD_NOT_FOUND();
    return {
      record,
      person: { id: person.id, staffNo: person.staffNo, name: person.name, unitId: person.unitId },
    };
  }

  /** A claimed study day must not lie in the future (configured time zone). */
  private assertPast(date: string): void {
    if (date > this.clock.today(this.config.timeZone)) {
      throw StudyErrors.DATE_INVALID({ reason: '不能晚于今天' });
    }
  }

  private async lawsCovered(lawIds: string[]): Promise<{ lawId: string }[]> {
    const unique = [...new Set(lawIds)];
    const found = await this.laws.findLaws(unique);
    if (unique.some((id) => !found.has(id))) throw StudyErrors.LAW_NOT_FOUND();
    return unique.map((lawId) => ({ lawId }));
  }
}

function certificateOf(record: StudyRecordEntity): CertificateDto | undefined {
  const c = record.details?.certificate as CertificateDto | undefined;
  return c && typeof c.sha256 === 'string' ? c : undefined;
}

function toRecord(
  r: StudyRecordEntity,
  laws: RecordLawRow[],
  staff?: RecordStaffDto,
): StudyRecordResponseDto {
  const certificate = certificateOf(r);
  const details = r.details ? { ...r.details } : null;
  if (details) delete details.certificate;
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: KIND_LABELS[r.kind],
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    occurredOn: r.occurredOn,
    hours: Number(r.hours),
    title: r.title,
    details,
    laws: laws
      .filter((l) => l.recordId === r.id)
      .map((l) => ({ lawId: l.lawId, shortTitle: l.shortTitle, articleNumber: l.articleNumber })),
    ...(certificate ? { certificate } : {}),
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
    decisionNote: r.decisionNote,
    createdAt: new Date(r.createdAt).toISOString(),
    ...(staff ? { staff } : {}),
  };
}
