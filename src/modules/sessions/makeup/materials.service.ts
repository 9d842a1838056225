import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { ContentStore, sniffFile } from '../../../common/files/content-store';
import { DocumentParser } from '../../../common/files/document-parser';
import type { UploadedFileInfo } from '../../../common/http/upload.module';
import { uploadedFileName } from '../../../common/http/upload.module';
import { TransactionHost } from '../../../database/transaction-host';
import type { MaterialDto } from '../dto/material.dto';
import type { SessionDetailResponseDto } from '../dto/session.dto';
import { SessionMaterialEntity } from '../entities/study-session.entity';
import type { StudySessionEntity } from '../entities/study-session.entity';
import { MakeupRepository } from './makeup.repository';
import { SessionRepository } from '../session.repository';
import { SessionErrors } from '../sessions.errors';
import { SessionsService } from '../scheduling/sessions.service';

const AREA = 'session-materials';

/** A session's attachments (PDF, Word, images) and its minutes, for its invitees to read. */
@Injectable()
export class MaterialsService {
  constructor(
    private readonly repo: SessionRepository,
    private readonly makeups: MakeupRepository,
    private readonly sessions: SessionsService,
    private readonly store: ContentStore,
    private readonly tx: TransactionHost,
    private readonly parser: DocumentParser,
  ) {}

  async upload(
    principal: Principal,
    id: string,
    file: UploadedFileInfo | undefined,
  ): Promise<MaterialDto> {
    const session = await this.sessions.requireManaged(principal, id);
    if (!file) throw SessionErrors.MATERIAL_REQUIRED();
    const kind = sniffFile(file.buffer, ['application/pdf', 'docx', 'image/jpeg', 'image/png']);
    if (!kind) throw SessionErrors.MATERIAL_TYPE();
    if (kind.type === 'docx') {
      await this.parser.checkKeptZip(file.buffer, 'word/document.xml', () =>
        SessionErrors.MATERIAL_TYPE(),
      );
    }
    const sha256 = await this.store.put(AREA, file.buffer);
    const row = new SessionMaterialEntity();
    row.id = randomUUID();
    row.sessionId = id;
    row.fileName = uploadedFileName(file).slice(0, 255);
    row.mimeType = kind.mime;
    row.size = file.size;
    row.sha256 = sha256;
    row.uploadedBy = principal.staffId;
    await this.tx.run(async () => {
      await this.tx.repository(SessionMaterialEntity).insert(row);
      await this.sessions.audited(session, 'session.material_add', {
        fileName: row.fileName,
        sha256,
      });
    });
    return this.dto((await this.tx.repository(SessionMaterialEntity).findOneBy({ id: row.id }))!);
  }

  async list(principal: Principal, id: string): Promise<MaterialDto[]> {
    await this.readable(principal, id);
    return (await this.makeups.materials(id)).map((m) => this.dto(m));
  }

  async download(
    principal: Principal,
    id: string,
    materialId: string,
  ): Promise<{ content: Buffer; material: SessionMaterialEntity }> {
    await this.readable(principal, id);
    const material = await this.tx.repository(SessionMaterialEntity).findOneBy({ id: materialId });
    if (!material || material.sessionId !== id) throw SessionErrors.MATERIAL_NOT_FOUND();
    const content = await this.store.get(AREA, material.sha256);
    if (!content) throw SessionErrors.MATERIAL_NOT_FOUND();
    return { content, material };
  }

  async remove(principal: Principal, id: string, materialId: string): Promise<void> {
    const session = await this.sessions.requireManaged(principal, id);
    const material = await this.tx.repository(SessionMaterialEntity).findOneBy({ id: materialId });
    if (!material || material.sessionId !== id) throw SessionErrors.MATERIAL_NOT_FOUND();
    await this.tx.run(async () => {
      await this.tx.repository(SessionMaterialEntity).delete({ id: materialId });
      await this.sessions.audited(session, 'session.material_remove', {
        fileName: material.fileName,
        sha256: material.sha256,
      });
    });
  }

  async setMinutes(
    principal: Principal,
    id: string,
    text: string,
  ): Promise<SessionDetailResponseDto> {
    const session = await this.sessions.requireManaged(principal, id);
    const minutes = text.trim() ? text : null;
    await this.tx.run(async () => {
      await this.repo.update(id, { minutes });
      await this.sessions.audited(session, 'session.minutes', { length: minutes?.length ?? 0 });
    });
    return this.sessions.detail((await this.repo.findById(id)) as StudySessionEntity);
  }

  /** Managers in scope and invitees (including those with make-up study) may read. */
  private async readable(principal: Principal, id: string): Promise<StudySessionEntity> {
    const session = await this.repo.findById(id);
    if (
      !session ||
      !(
        (await this.sessions.manages(principal, session)) ||
        (await this.sessions.isInvitee(session, principal))
      )
    ) {
      throw SessionErrors.NOT_FOUND();
    }
    return session;
  }

  private dto(m: SessionMaterialEntity): MaterialDto {
    return {
      id: m.id,
      fileName: m.fileName,
      mimeType: m.mimeType,
      size: m.size,
      sha256: m.sha256,
      createdAt: m.createdAt.toISOString(),
    };
  }
}
