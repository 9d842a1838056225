import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config';
import { DatabaseAvailability } from './database-availability';
import { dataSourceOptions } from './data-source';
import { TransactionHost } from './transaction-host';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), retryAttempts: 3 }),
    }),
  ],
  providers: [TransactionHost, DatabaseAvailability],
  exports: [TransactionHost, DatabaseAvailability],
})
export class DatabaseModule {}
