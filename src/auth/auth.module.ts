import { Global, Module } from '@nestjs/common';
import { JwtVerifier } from './jwt-verifier.service.js';

/** JWT verification for the gateways (handshake) and the HTTP controllers (Bearer). */
@Global()
@Module({ providers: [JwtVerifier], exports: [JwtVerifier] })
export class AuthModule {}
