import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config.js';

/** Provides `AppConfig` to every module. */
@Global()
@Module({})
export class AppConfigModule {
  /** With a config already loaded (as `main.ts` does), or else read from `process.env` when the module starts. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        config ? { provide: AppConfig, useValue: config } : { provide: AppConfig, useFactory: () => loadConfig() },
      ],
      exports: [AppConfig],
    };
  }
}
