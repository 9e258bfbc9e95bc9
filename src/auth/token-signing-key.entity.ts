import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The HMAC key access tokens are signed with; made by a migration, read by every instance. */
@Entity('token_signing_keys')
export class TokenSigningKeyEntity {
  @PrimaryColumn({ type: String, length: 36 })
  id: string;

  /** 32 random bytes, base64url. Whoever reads it could forge tokens, as whoever reads the database reads the data. */
  @Column({ type: String, length: 64 })
  secret: string;

  @Column({ name: 'created_at', type: String, length: 24 })
  createdAt: string;
}
