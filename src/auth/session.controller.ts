import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { OptionalCredentials, Public } from './auth.decorators';
import {
  type AuthenticatedRequest,
  clientAddressOf,
  comesFromOwnOrigin,
  describeCaller,
  sessionIdOf,
} from './client-request';
import { CreateSessionDto } from './dto/create-session.dto';
import { SessionPrincipalDto } from './dto/session.dto';
import { clearedSessionCookie, SESSION_COOKIE, sessionCookie } from './session-rules';
import { SessionsService } from './sessions.service';

@ApiTags('session')
@Controller('api/v1/session')
export class SessionController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: `sets the ${SESSION_COOKIE} cookie` })
  @ApiTooManyRequestsResponse({ description: 'too many failed keys from this address' })
  async signIn(
    @Body() body: CreateSessionDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    response.setHeader(
      'Set-Cookie',
      sessionCookie(await this.sessions.signIn(body.key, clientAddressOf(request)), request.secure),
    );
  }

  @Get()
  @OptionalCredentials()
  @ApiBearerAuth()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOkResponse({ type: SessionPrincipalDto })
  @ApiNoContentResponse({ description: 'no key and no session cookie: nobody is signed in' })
  current(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): SessionPrincipalDto | undefined {
    return describeCaller(request) ?? void response.status(204);
  }

  @Delete()
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the session is ended and its cookie cleared' })
  async signOut(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.signOut(sessionIdOf(request), comesFromOwnOrigin(request));
    response.setHeader('Set-Cookie', clearedSessionCookie(request.secure));
  }
}
