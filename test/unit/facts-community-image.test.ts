import { describe, expect, it } from 'vitest';
import { communityImage } from '../../src/facts/image-layout.js';

describe('communityImage', () => {
  it('names a Docker Hub image with an owner, without its tag or digest', () => {
    expect(communityImage('someone/nginx-php-fpm:3.1')).toBe('someone/nginx-php-fpm');
    expect(communityImage('docker.io/someone/base@sha256:abc')).toBe('someone/base');
  });

  it('names no official image, no other registry and no reference left to a build argument', () => {
    expect(communityImage('nginx:1.27')).toBeUndefined();
    expect(communityImage('library/nginx')).toBeUndefined();
    expect(communityImage('ghcr.io/acme/api:1')).toBeUndefined();
    expect(communityImage('mcr.microsoft.com/dotnet/aspnet:8.0')).toBeUndefined();
    expect(communityImage('${BASE_IMAGE}')).toBeUndefined();
    expect(communityImage('someone/${FLAVOUR}:1')).toBeUndefined();
    // A locally built image (`localhost/app`) has no Docker Hub owner.
    expect(communityImage('localhost/app:dev')).toBeUndefined();
  });
});
