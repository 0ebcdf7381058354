import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigInvalid, loadConfig } from './config/app-config';
import { InstanceIdentity } from './common/instance-identity';
import { createLogger } from './common/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigInvalid) {
      createLogger('info').fatal(
        { event: 'config.invalid', variable: error.variable },
        error.message,
      );
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port);
  createLogger(config.logLevel).info(
    {
      event: 'service.started',
      port: config.port,
      instance: app.get(InstanceIdentity).id,
      engine: config.databaseUrl ? 'postgresql' : 'pglite',
    },
    `minsheng listening on http://localhost:${config.port}`,
  );
}

main().catch((error: unknown) => {
  createLogger('info').fatal({ event: 'service.failed', err: error }, 'minsheng failed to start');
  process.exit(1);
});
