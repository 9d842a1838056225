import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import type { Ref } from 'vue';
import { lastRequestAt, syncActivity } from '../api/client';

/** The server's message for AUTH.SESSION_IDLE, shown on the login page after the local sign-out. */
export const IDLE_SIGN_OUT_MESSAGE = '长时间未操作，已自动退出登录，请重新登录';

/** Warn this long before the idle sign-out (WCAG 2.2.1: ≥ 20 s to respond). */
export const IDLE_WARNING_SECONDS = 120;
const INPUT_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;
/** Input keeps the server session alive with at most one request per this interval. */
const KEEPALIVE_MS = 60_000;

export interface IdleOptions {
  /** The server's idle timeout (GET /me `idleTimeoutSeconds`). */
  timeoutSeconds: Ref<number>;
  /** False while signed out or on a page without the warning (the exam page). */
  enabled: Ref<boolean>;
  /** A cheap authenticated request (GET /me): counts as activity on the server. */
  touch: () => Promise<unknown>;
  /** Time is up: sign out locally. */
  expire: () => void;
}

/**
 * The idle sign-out, mirrored on the client. The server ends a sign-in after `timeoutSeconds`
 * without an authenticated request; nothing here polls. Input (pointer, keys, touch, scrolling)
 * sends at most one GET /me a minute so a person who is reading stays signed in; without input no
 * request is made, a dialog warns 2 minutes before the end with a countdown, and at the end the
 * client signs out. Time is read from Date.now() each second (throttled background timers only
 * delay the check, they do not shift the deadline).
 */
export function useIdleTimeout(options: IdleOptions) {
  const now = ref(Date.now());
  const warning = ref(false);
  let lastInput = Date.now();
  let touching = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const deadline = computed(() => lastRequestAt.value + options.timeoutSeconds.value * 1000);
  const secondsLeft = computed(() => Math.max(0, Math.ceil((deadline.value - now.value) / 1000)));

  async function touch(): Promise<void> {
    if (touching) return;
    touching = true;
    try {
      await options.touch();
    } catch {
      // a signed-out answer is handled by the client's auth events
    } finally {
      touching = false;
    }
  }

  function onInput(): void {
    if (warning.value || !options.enabled.value) return;
    lastInput = Date.now();
    if (lastInput - lastRequestAt.value > KEEPALIVE_MS) void touch();
  }

  function tick(): void {
    syncActivity();
    now.value = Date.now();
    if (!options.enabled.value) {
      warning.value = false;
      return;
    }
    if (now.value >= deadline.value) {
      warning.value = false;
      options.expire();
      return;
    }
    warning.value = secondsLeft.value <= IDLE_WARNING_SECONDS && now.value - lastInput > 1000;
  }

  /** 继续使用: one request, which resets the server's idle clock and so the deadline. */
  async function stayActive(): Promise<void> {
    lastInput = Date.now();
    await touch();
    warning.value = false;
    tick();
  }

  onMounted(() => {
    for (const e of INPUT_EVENTS)
      window.addEventListener(e, onInput, { passive: true, capture: true });
    timer = setInterval(tick, 1000);
  });
  onBeforeUnmount(() => {
    for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    if (timer) clearInterval(timer);
  });

  return { warning, secondsLeft, stayActive };
}
