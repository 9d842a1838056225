import { createHmac } from 'node:crypto';
import type { WebhookFormat } from '../../config/environment-variables';

/** WeCom's documented limit for `text.content`, in UTF-8 bytes. */
export const WECOM_TEXT_MAX_BYTES = 2048;

/** The text message both robots accept: `{ "msgtype": "text", "text": { "content": … } }`. */
export interface RobotTextMessage {
  msgtype: 'text';
  text: { content: string };
}

export interface RobotTarget {
  url: string;
  format: WebhookFormat;
  /** DingTalk's signing secret (加签), when the robot has one. */
  secret: string | null;
}

/** The URL and JSON body of one post to a group robot. */
export function robotRequest(
  target: RobotTarget,
  text: string,
  nowMs: number,
): { url: string; body: RobotTextMessage } {
  switch (target.format) {
    case 'wecom':
      return {
        url: target.url,
        body: { msgtype: 'text', text: { content: truncateUtf8(text, WECOM_TEXT_MAX_BYTES) } },
      };
    case 'dingtalk':
      return {
        url: target.secret ? dingtalkSignedUrl(target.url, target.secret, nowMs) : target.url,
        body: { msgtype: 'text', text: { content: text } },
      };
  }
}

/**
 * DingTalk's signed robots: `sign` = Base64(HMAC-SHA256(key = secret, "<timestamp>\n<secret>")),
 * URL-encoded, with `timestamp` in milliseconds (DingTalk refuses one more than an hour off).
 */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestampMs));
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

/**
 * Both robots answer HTTP 200 with `{ "errcode": 0, "errmsg": "ok" }` when the message is posted;
 * anything else throws, so the job is retried. Messages never repeat the URL (it holds the key).
 */
export function checkRobotReply(status: number, body: string): void {
  const excerpt = body.slice(0, 200);
  if (status !== 200) throw new Error(`the robot answered HTTP ${status}: ${excerpt}`);
  let reply: unknown;
  try {
    reply = JSON.parse(body);
  } catch {
    throw new Error(`the robot answered HTTP 200 without JSON: ${excerpt}`);
  }
  const { errcode, errmsg } = (reply !== null && typeof reply === 'object' ? reply : {}) as {
    errcode?: unknown;
    errmsg?: unknown;
  };
  if (errcode !== 0) {
    throw new Error(
      `the robot refused the message: errcode ${String(errcode)} ${typeof errmsg === 'string' ? errmsg : ''}`.trim(),
    );
  }
}

/** Cuts text to at most maxBytes of UTF-8, at a character boundary, ending with "…". */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const ellipsis = '…';
  let budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let out = '';
  for (const ch of text) {
    budget -= Buffer.byteLength(ch, 'utf8');
    if (budget < 0) break;
    out += ch;
  }
  return out + ellipsis;
}
