import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Secrets generated once per deployment when not configured (e.g. the JWT key in development). */
@Entity('system_secret')
export class SystemSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
