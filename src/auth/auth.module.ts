import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { SessionController } from './session.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SIGN_IN_POLICY, SignInThrottle } from './sign-in-throttle';

@Global()
@Module({
  controllers: [ApiKeysController, SessionController],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    SessionsRepository,
    SessionsService,
    { provide: SignInThrottle, useFactory: () => new SignInThrottle(SIGN_IN_POLICY) },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule {}
