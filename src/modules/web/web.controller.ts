import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth';
import { WEB_BASE } from './web-app';

/**
 * Entry points into the browser app from outside it: the site root, and the check-in links the
 * API prints and QR codes carry (`${PUBLIC_URL}/checkin?session=…&code=…`: printed codes live on).
 */
@ApiExcludeController()
@Controller()
export class WebController {
  @Get()
  @Public()
  root(@Res() res: FastifyReply): void {
    void res.redirect(`${WEB_BASE}/`, 302);
  }

  @Get('checkin')
  @Public()
  checkin(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    const query = req.url.indexOf('?');
    void res.redirect(`${WEB_BASE}/checkin${query >= 0 ? req.url.slice(query) : ''}`, 302);
  }
}
