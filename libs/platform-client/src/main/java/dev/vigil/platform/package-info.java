/**
 * Clients for the GitHub, GitLab and Bitbucket REST APIs: repository metadata and archive download.
 * Start at {@link dev.vigil.platform.PlatformClients}; every failure is a {@link
 * dev.vigil.platform.PlatformException} whose message never carries credentials.
 */
package dev.vigil.platform;
