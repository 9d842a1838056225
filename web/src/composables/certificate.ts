import { onBeforeUnmount, ref } from 'vue';
import { api } from '../api/client';
import { saveBlob } from '../api/download';
import type { Schema } from '../api/types';

type StudyRecord = Schema<'StudyRecordResponseDto'>;

export interface CertificatePreview {
  recordId: string;
  url: string;
  type: string;
  name: string;
}

/**
 * A study record's training certificate, fetched with the Bearer header as a blob: previewed
 * from an object URL (released when closed or when the page goes) or saved under its file name.
 * Failures go to `onError` with the record, so each page shows them where it wants.
 */
export function useCertificate(onError: (record: StudyRecord, error: unknown) => void) {
  const preview = ref<CertificatePreview | null>(null);

  async function fetchCertificate(r: StudyRecord): Promise<Blob> {
    const { data } = await api.GET('/study-records/{id}/certificate', {
      params: { path: { id: r.id } },
      parseAs: 'blob',
    });
    return data as unknown as Blob;
  }

  function closePreview(): void {
    if (preview.value) URL.revokeObjectURL(preview.value.url);
    preview.value = null;
  }

  async function showCertificate(r: StudyRecord): Promise<void> {
    closePreview();
    try {
      const blob = await fetchCertificate(r);
      preview.value = {
        recordId: r.id,
        url: URL.createObjectURL(blob),
        type: r.certificate?.mimeType ?? blob.type,
        name: r.certificate?.fileName ?? '培训证书',
      };
    } catch (e) {
      onError(r, e);
    }
  }

  async function downloadCertificate(r: StudyRecord): Promise<void> {
    try {
      saveBlob(await fetchCertificate(r), r.certificate?.fileName ?? '培训证书');
    } catch (e) {
      onError(r, e);
    }
  }

  onBeforeUnmount(closePreview);
  return { preview, showCertificate, downloadCertificate, closePreview };
}
