export { AuthModule } from './auth.module';
export { AccountSecurityService } from './passwords/account-security.service';
export { JWT_SECRET, jwtSecretProvider } from './tokens/jwt-secret.provider';
