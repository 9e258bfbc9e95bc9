import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
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
  imports: [PassportModule],
  controllers: [TokenController],
  providers: [
    ClientsService,
    TokensService,
    RateLimits,
    BearerTokenGuard,
    { provide: APP_GUARD, useExisting: BearerTokenGuard },
    ClientAuthGuard,
    RequireFormBody,
    ClientSecretBasicStrategy,
    ClientSecretPostStrategy,
  ],
  exports: [ClientsService, TokensService, RateLimits, BearerTokenGuard],
})
export class AuthModule {}
