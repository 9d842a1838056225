import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
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
  root(@Res() res: Response): void {
    res.redirect(302, `${WEB_BASE}/`);
  }

  @Get('checkin')
  @Public()
  checkin(@Req() req: Request, @Res() res: Response): void {
    const query = req.originalUrl.indexOf('?');
    res.redirect(302, `${WEB_BASE}/checkin${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  }
}
