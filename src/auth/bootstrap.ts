import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '../common/logger';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiKeysService } from './api-keys.service';

/** Makes sure someone can administer a fresh installation. */
@Injectable()
export class ApiKeysModuleBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const minted = await this.keys.ensureAdminKey(this.config.adminKey);
    if (minted) {
      this.logger.warn(
        { event: 'api_key.first_admin', adminKey: minted },
        'no admin key existed: minted the first one (shown once, stored hashed); keep it now',
      );
    }
  }
}
