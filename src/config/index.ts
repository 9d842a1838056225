export { AppConfig, ConfigError, loadConfig } from './app-config';
export { AppConfigModule } from './config.module';
export type { AppRole } from './environment-variables';
