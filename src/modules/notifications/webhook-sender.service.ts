import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config';
import { checkRobotReply, robotRequest } from './webhook-message';

/** How long one post may take before it counts as failed (and is retried). */
const POST_TIMEOUT_MS = 10_000;

/** Posts one text to the configured group robot; throws on anything but success. */
@Injectable()
export class WebhookSender {
  private readonly logger = new Logger(WebhookSender.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async post(text: string): Promise<{ posted: boolean }> {
    const target = this.config.notifications.webhook;
    if (!target) {
      // queued while a webhook was configured; the configuration has changed since
      this.logger.warn('no NOTIFY_WEBHOOK_URL: a queued group message was dropped');
      return { posted: false };
    }
    const { url, body } = robotRequest(target, text, this.clock.nowMs());
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    checkRobotReply(res.status, await res.text());
    return { posted: true };
  }
}
