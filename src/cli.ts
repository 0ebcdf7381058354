import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.service';
import { ROLES, type Role } from './auth/principal';
import { loadConfig } from './config/app-config';

const USAGE = `usage: npm run cli -- create-key --role <${ROLES.join('|')}> [--name NAME] [--leader LEADER_ID ...]

Mints an API key in the configured database (DATABASE_URL, or the embedded one
in MINSHENG_DATA_DIR: stop the service first, the embedded engine has one user).
The key is printed once; only its hash is stored.`;

function parse(argv: string[]): { role: Role; name: string; leaderIds: string[] } {
  const [command, ...rest] = argv;
  if (command !== 'create-key') {
    throw new Error(USAGE);
  }
  let role: string | undefined;
  let name: string | undefined;
  const leaderIds: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) {
      throw new Error(`${flag} needs a value\n\n${USAGE}`);
    }
    if (flag === '--role') {
      role = value;
    } else if (flag === '--name') {
      name = value;
    } else if (flag === '--leader') {
      leaderIds.push(value);
    } else {
      throw new Error(`unknown option ${flag}\n\n${USAGE}`);
    }
  }
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    throw new Error(`--role must be one of ${ROLES.join(', ')}\n\n${USAGE}`);
  }
  return { role: role as Role, name: name ?? `${role} key (cli)`, leaderIds };
}

async function main(): Promise<void> {
  const request = parse(process.argv.slice(2));
  const config = { ...loadConfig(), pollEnabled: false, logLevel: 'warn' };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: false,
  });
  try {
    const issued = await app.get(ApiKeysService).issue(request);
    console.log(
      JSON.stringify({
        id: issued.id,
        role: issued.role,
        leaderIds: issued.leaderIds,
        key: issued.key,
      }),
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
