import { startTestPlatform } from './platform-lifecycle';

/** The end-to-end platform: nothing restarts it, so the business counters can be audited at the end. */
export default function globalSetup(): Promise<void> {
  return startTestPlatform('end-to-end');
}
