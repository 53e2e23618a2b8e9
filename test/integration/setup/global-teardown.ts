import { stopTestPlatform } from './platform-lifecycle';

export default function globalTeardown(): Promise<void> {
  return stopTestPlatform('end-to-end');
}
