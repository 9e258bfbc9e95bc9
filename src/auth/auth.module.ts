import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TenantsModule } from '../tenants/tenants.module';
import { BearerTokenGuard } from './bearer-token.guard';
import { ClientAuthGuard } from './client-auth.guard';
import { ClientSecretBasicStrategy, ClientSecretPostStrategy } from './client-credentials.strategies';
import { ClientsService } from './clients.service';
import { RateLimits } from './rate-limits';
import { RequireFormBody } from './token-request.guard';
import { TokenController } from './token.controller';
import { TokensService } from './tokens.service';

/** OAuth 2.0 client credentials: API clients, the token endpoint, and the bearer guard of every OneRoster route. */
@Global()
@Module({
  imports: [PassportModule, TenantsModule],
  controllers: [TokenController],
  providers: [
    ClientsService,
    TokensService,
    RateLimits,
    BearerTokenGuard,
    ClientAuthGuard,
    RequireFormBody,
    ClientSecretBasicStrategy,
    ClientSecretPostStrategy,
  ],
  exports: [ClientsService, TokensService, RateLimits, BearerTokenGuard],
})
export class AuthModule {}

/** What the admin CLI needs of auth: managing clients, without HTTP. */
@Module({
  imports: [TenantsModule],
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
