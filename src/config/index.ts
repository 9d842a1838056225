export { AppConfig, ConfigError, loadConfig, readEnvironment } from './app-config';
export { AppConfigModule } from './config.module';
export type { AppRole } from './environment-variables';
