import { seedBank } from '../factories/exam.factory';
import type { buildOrg } from '../factories/org.factory';
import { signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export type Org = Awaited<ReturnType<typeof buildOrg>>;

/** The calendar year now in the service's time zone. */
export function yearNow(now = Date.now()): number {
  return Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now),
  );
}

/** A secretary's session in bureau A for the invited people, with a PDF material. */
export async function createSession(
  t: TestApp,
  secSession: Session,
  o: {
    unitId: string;
    topic: string;
    startsAt: number;
    minutes: number;
    staffIds: string[];
    lawId?: string;
    material?: string;
    creditedHours?: number;
  },
): Promise<string> {
  const res = await signedIn(t, secSession)
    .post('/sessions', {
      unitId: o.unitId,
      type: 'law_study',
      topic: o.topic,
      startsAt: new Date(o.startsAt).toISOString(),
      endsAt: new Date(o.startsAt + o.minutes * MIN).toISOString(),
      place: '局三楼会议室',
      organiser: '办公室主任 李四',
      creditedHours: o.creditedHours ?? 1,
      invite: { staffIds: o.staffIds },
      ...(o.lawId ? { laws: [{ lawId: o.lawId, articles: [2] }] } : {}),
    })
    .expect(201);
  const id = res.body.id as string;
  if (o.material) {
    await signedIn(t, secSession)
      .post(`/sessions/${id}/materials`)
      .attach('file', Buffer.from('%PDF-1.4\n% 会议材料\ntrailer <<>>\n%%EOF\n'), {
        filename: o.material,
      })
      .expect(201);
  }
  return id;
}

export { seedBank };
