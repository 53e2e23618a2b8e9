import { startTestPlatform } from '../../integration/setup/platform-lifecycle';

/** A platform of its own for the suites that kill apps, sidecars and infrastructure (it answers the chaos endpoint). */
export default function globalSetup(): Promise<void> {
  return startTestPlatform('chaos');
}
