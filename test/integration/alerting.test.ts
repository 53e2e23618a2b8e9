import { ON_CALL_ADDRESS } from '@shop/local-platform';
import { eventually, platform } from './support/platform';
import { deadLetterIdOf, publishPoisonRegistration } from './support/shop';

interface FiringAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string };
}

interface SinkEmail {
  to: string[];
  from: string;
  subject: string;
  text: string;
}

const alertsInAlertmanager = async (name: string) =>
  ((await (await fetch(`${platform().alertmanagerUrl}/api/v2/alerts?filter=alertname%3D%22${name}%22`)).json()) as FiringAlert[]);
const scrapedDeadLetters = async (topic: string) => {
  const query = encodeURIComponent(`shop_dead_letters_received_total{job="apps", topic="${topic}"}`);
  const answer = (await (await fetch(`${platform().prometheusUrl}/api/v1/query?query=${query}`)).json()) as { data: { result: unknown[] } };
  return answer.data.result.length > 0 ? true : undefined;
};
const onCallEmails = async () => (await (await fetch(`${platform().messageSinkUrl}/messages?to=${encodeURIComponent(ON_CALL_ADDRESS)}`)).json()) as SinkEmail[];

describe('alerting: Prometheus → Alertmanager → on-call', () => {
  it('when an event is dead-lettered, then DeadLettersArriving fires in Prometheus, reaches Alertmanager and on-call gets an email naming the topic', async () => {
    // An increase needs a sample from before: wait until Prometheus holds the topic's counter (exported at 0 from the
    // office's start), as it would in any running shop. Then: scrape (5 s) → rule evaluation (10 s) → Alertmanager's
    // group wait (10 s).
    await eventually('a scrape of the dead-letter counter', () => scrapedDeadLetters('user.registered'), 30_000);
    await deadLetterIdOf(await publishPoisonRegistration());

    const inAlertmanager = await eventually('DeadLettersArriving in Alertmanager', async () => {
      const alerts = await alertsInAlertmanager('DeadLettersArriving');
      return alerts.find((alert) => alert.labels.topic === 'user.registered');
    }, 90_000);
    // Alerts are grouped by name: while other suites dead-letter other topics (resilience: order.confirmed), one email
    // lists several alerts, and its subject has no common summary. The email to check is the one naming this topic.
    const email = await eventually('the on-call email', async () => (await onCallEmails()).find((message) => /DeadLettersArriving/.test(message.subject) && message.text.includes('user.registered')), 60_000);

    expect(inAlertmanager).toMatchObject({ status: { state: 'active' }, labels: { severity: 'ticket' } });
    expect(inAlertmanager.annotations.summary).toContain('user.registered');
    expect(email.subject).toMatch(/^\[FIRING(:\d+)?\] DeadLettersArriving:( events from user\.registered .*)?\s*$/);
    expect(email.from).toContain('alertmanager@shop.local');
    expect(email.to).toEqual([ON_CALL_ADDRESS]);
    expect(email.text).toContain('user.registered');
  }, 180_000);
});
