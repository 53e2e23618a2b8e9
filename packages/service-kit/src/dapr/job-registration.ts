import type { Logger } from '../logger';

export interface JobSpec {
  name: string;
  /** A Dapr schedule: cron with seconds, "@every 30s", "@hourly", … */
  schedule: string;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * Registers a recurring job with the Dapr scheduler through the sidecar's jobs API (alpha: the JS SDK in use has no
 * jobs client). The scheduler then calls this app at `POST /job/<name>` on every tick, on one replica only. The job
 * outlives this process and is overwritten on every start, so a changed schedule takes effect with the next deploy.
 */
export class DaprJobRegistration {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly sidecarUrl: string,
    private readonly job: JobSpec,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    private readonly apiHeaders: Record<string, string> = {},
  ) {}

  /** One attempt; throws when the sidecar refuses or cannot be reached. */
  async register(): Promise<void> {
    const response = await fetch(this.jobUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.apiHeaders },
      // Dapr 1.18 neither triggers nor returns a job without data over HTTP ("google.protobuf.Value: none of the
      // oneof fields is set"), so the job carries an empty object, which reaches the app as a JSON body of {}.
      body: JSON.stringify({ schedule: this.job.schedule, data: {}, overwrite: true }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`the sidecar answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  }

  /**
   * Registers in the background, retrying with backoff until it succeeds: a sidecar or scheduler that is still
   * starting must not keep the service from starting (expired reservations just wait a little longer).
   */
  start(): void {
    this.stopped = false;
    this.attempt(FIRST_RETRY_MS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  jobUrl(): string {
    return `${this.sidecarUrl}/v1.0-alpha1/jobs/${encodeURIComponent(this.job.name)}`;
  }

  private attempt(nextDelayMs: number): void {
    this.register().then(
      () => {
        if (!this.stopped) this.log.info({ job: this.job.name, schedule: this.job.schedule }, 'dapr job registered');
      },
      (error: unknown) => {
        if (this.stopped) return;
        const err = error instanceof Error ? error.message : String(error);
        this.log.warn({ job: this.job.name, err, retryInMs: nextDelayMs }, 'dapr job registration failed, will retry');
        this.timer = setTimeout(() => this.attempt(Math.min(MAX_RETRY_MS, nextDelayMs * 2)), nextDelayMs);
      },
    );
  }
}
