export { AuthModule } from './auth.module';
export { AccountSecurityService } from './account-security.service';
export { JWT_SECRET, jwtSecretProvider } from './jwt-secret.provider';
