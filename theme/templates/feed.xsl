<?xml version="1.0" encoding="utf-8"?>
<!-- Shows a feed as a readable page when someone opens it in a browser. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <html lang="de">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title | atom:feed/atom:title"/> – {{ _('Feed') }}</title>
        <link rel="stylesheet" href="{{ asset('css/site.css') }}"/>
        <link rel="icon" href="{{ SITEPATH }}/favicon.svg" type="image/svg+xml"/>
      </head>
      <body>
        <main id="inhalt" class="wrap prose">
          <p class="notice" role="note"><strong>{{ _('Dies ist ein Feed.') }}</strong>
            {{ _('Mit einem Feedreader abonnieren Sie den Blog und sehen neue Beiträge automatisch, ohne die Website besuchen zu müssen. Kopieren Sie dazu die Adresse dieser Seite aus der Adresszeile in Ihren Feedreader. Es werden keine Daten über Sie erhoben.') }}</p>
          <h1><xsl:value-of select="rss/channel/title | atom:feed/atom:title"/></h1>
          <p><xsl:value-of select="rss/channel/description | atom:feed/atom:subtitle"/></p>
          <h2>{{ _('Neueste Beiträge') }}</h2>
          <ul class="archive">
            <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
          </ul>
          <p><a href="{{ SITEPATH }}/blog/">{{ _('Zum Blog auf der Website') }}</a></p>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <xsl:text> – </xsl:text>
      <xsl:call-template name="rss-date"><xsl:with-param name="date" select="pubDate"/></xsl:call-template>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <xsl:text> – </xsl:text>
      <xsl:value-of select="concat(substring(atom:published, 9, 2), '.', substring(atom:published, 6, 2), '.', substring(atom:published, 1, 4))"/>
    </li>
  </xsl:template>

  <!-- "Sat, 14 Mar 2026 09:30:00 +0100" → "14.03.2026" -->
  <xsl:template name="rss-date">
    <xsl:param name="date"/>
    <xsl:variable name="month" select="substring($date, 9, 3)"/>
    <xsl:value-of select="concat(substring($date, 6, 2), '.')"/>
    <xsl:value-of select="substring(string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', $month)) div 3 + 101, 2)"/>
    <xsl:value-of select="concat('.', substring($date, 13, 4))"/>
  </xsl:template>
</xsl:stylesheet>
