export default async function globalTeardown(): Promise<void> {
  const infrastructure = (globalThis as { __componentInfrastructure?: { stop: () => Promise<void> } }).__componentInfrastructure;
  await infrastructure?.stop();
}
