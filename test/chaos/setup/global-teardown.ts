import { stopTestPlatform } from '../../integration/setup/platform-lifecycle';

export default function globalTeardown(): Promise<void> {
  return stopTestPlatform('chaos');
}
