import { Module } from '@nestjs/common';
import { WebController } from './web.controller';

/** The redirects into the browser app; the files themselves are served by serveWebApp. */
@Module({ controllers: [WebController] })
export class WebModule {}
