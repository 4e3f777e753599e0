<?xml version="1.0" encoding="UTF-8"?>
<!--
  Turns japicmp's XML report of a jar compared with itself (the parent POM's api-listing executions)
  into the module's API listing, api/<artifactId>.api: one block per public or protected type, sorted
  by name, its fields, constructors and methods one a line, each group sorted, so that the listing
  changes only when the API does, and a diff of it reads as the API's change.

  Types are written as japicmp reads them from the class files, with the limits of its model:
  - a varargs parameter is written as the array it is (String[]);
  - a type variable in a return or field type is written as its erasure (java.lang.Object);
  - a type's superclass and interfaces are written without type arguments, and the interfaces are all
    those it implements, the inherited ones too;
  - a wildcard on a type argument is repeated on the arguments nested in it: japicmp reads
    List<? extends Collection<String>> as List<? extends Collection<? extends String>>.
  These are stable, so a change of API still changes the listing. Nested types keep their binary
  names (Outer$Inner).

  Bridge methods are listed, marked "// bridge": the compiler's copies, in a public class, of the
  public methods it inherits from a class that is not public (the class's own API, erased), and the
  erased forms of covariant or generic overrides, which callers compiled against may link to.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:strip-space elements="*"/>

  <xsl:param name="artifact"/>

  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/japicmp">
    <xsl:text># The public API of </xsl:text>
    <xsl:value-of select="$artifact"/>
    <xsl:text>: its public and protected types and members, *.internal packages left out.</xsl:text>
    <xsl:value-of select="$nl"/>
    <xsl:text># Written by the build; after a change of API, run ./mvnw package -Dtcpscope.api.update and commit it.</xsl:text>
    <xsl:value-of select="$nl"/>
    <xsl:for-each select="classes/class[@changeStatus != 'REMOVED']">
      <xsl:sort select="@fullyQualifiedName" lang="en"/>
      <xsl:value-of select="$nl"/>
      <xsl:apply-templates select="." mode="type"/>
    </xsl:for-each>
  </xsl:template>

  <!-- public final class a.B<T> extends a.C implements a.D, a.E -->
  <xsl:template match="class" mode="type">
    <xsl:variable name="kind" select="classType/@newType"/>
    <xsl:apply-templates select="annotations"/>
    <xsl:call-template name="modifiers">
      <xsl:with-param name="of" select="modifiers"/>
      <xsl:with-param name="abstract" select="$kind = 'CLASS'"/>
      <xsl:with-param name="final" select="$kind = 'CLASS'"/>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="$kind = 'INTERFACE'">interface </xsl:when>
      <xsl:when test="$kind = 'ANNOTATION'">@interface </xsl:when>
      <xsl:when test="$kind = 'ENUM'">enum </xsl:when>
      <xsl:otherwise>class </xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="@fullyQualifiedName"/>
    <xsl:apply-templates select="genericTemplates"/>
    <xsl:variable name="super" select="superclass/@superclassNew"/>
    <xsl:if test="$kind = 'CLASS' and $super != 'java.lang.Object' and $super != 'n.a.'">
      <xsl:text> extends </xsl:text>
      <xsl:value-of select="$super"/>
    </xsl:if>
    <xsl:variable name="interfaces" select="interfaces/interface[@changeStatus != 'REMOVED']"/>
    <xsl:if test="$interfaces">
      <xsl:choose>
        <xsl:when test="$kind = 'INTERFACE' or $kind = 'ANNOTATION'"> extends </xsl:when>
        <xsl:otherwise> implements </xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="$interfaces">
        <xsl:sort select="@fullyQualifiedName" lang="en"/>
        <xsl:if test="position() > 1">, </xsl:if>
        <xsl:value-of select="@fullyQualifiedName"/>
      </xsl:for-each>
    </xsl:if>
    <xsl:value-of select="$nl"/>

    <xsl:for-each select="fields/field[@changeStatus != 'REMOVED']">
      <xsl:sort select="@name" lang="en"/>
      <xsl:text>  </xsl:text>
      <xsl:apply-templates select="annotations"/>
      <xsl:call-template name="modifiers">
        <xsl:with-param name="of" select="modifiers"/>
      </xsl:call-template>
      <xsl:call-template name="type">
        <xsl:with-param name="name" select="type/@newValue"/>
        <xsl:with-param name="arguments" select="newGenericTypes/newGenericType"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:value-of select="@name"/>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>

    <xsl:for-each select="constructors/constructor[@changeStatus != 'REMOVED']">
      <xsl:sort select="count(parameters/parameter)" data-type="number"/>
      <xsl:sort select="parameters/parameter[1]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[2]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[3]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[4]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[5]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[6]/@type" lang="en"/>
      <xsl:text>  </xsl:text>
      <xsl:apply-templates select="annotations"/>
      <xsl:call-template name="modifiers">
        <xsl:with-param name="of" select="modifiers"/>
      </xsl:call-template>
      <xsl:apply-templates select="genericTemplates"/>
      <xsl:if test="genericTemplates/genericTemplate[@changeStatus != 'REMOVED']">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:value-of select="@name"/>
      <xsl:apply-templates select="parameters"/>
      <xsl:apply-templates select="exceptions"/>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>

    <xsl:for-each select="methods/method[@changeStatus != 'REMOVED']">
      <xsl:sort select="@name" lang="en"/>
      <xsl:sort select="count(parameters/parameter)" data-type="number"/>
      <xsl:sort select="parameters/parameter[1]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[2]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[3]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[4]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[5]/@type" lang="en"/>
      <xsl:sort select="parameters/parameter[6]/@type" lang="en"/>
      <xsl:text>  </xsl:text>
      <xsl:apply-templates select="annotations"/>
      <xsl:call-template name="modifiers">
        <xsl:with-param name="of" select="modifiers"/>
        <xsl:with-param name="default"
            select="$kind = 'INTERFACE' and not(modifiers/modifier[@newValue = 'ABSTRACT' or @newValue = 'STATIC'])"/>
      </xsl:call-template>
      <xsl:apply-templates select="genericTemplates"/>
      <xsl:if test="genericTemplates/genericTemplate[@changeStatus != 'REMOVED']">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:call-template name="type">
        <xsl:with-param name="name" select="returnType/@newValue"/>
        <xsl:with-param name="arguments" select="returnType/newGenericTypes/newGenericType"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:value-of select="@name"/>
      <xsl:apply-templates select="parameters"/>
      <xsl:apply-templates select="exceptions"/>
      <xsl:if test="modifiers/modifier[@changeStatus != 'REMOVED']/@newValue = 'BRIDGE'">
        <xsl:text>  // bridge</xsl:text>
      </xsl:if>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>

  <!-- "public static final ", in the order the JLS recommends; abstract and final only where they
       say something (not on an interface, an enum or an interface's methods). -->
  <xsl:template name="modifiers">
    <xsl:param name="of"/>
    <xsl:param name="abstract" select="true()"/>
    <xsl:param name="final" select="true()"/>
    <xsl:param name="default" select="false()"/>
    <xsl:variable name="m" select="$of/modifier[@changeStatus != 'REMOVED']/@newValue"/>
    <xsl:if test="$m = 'PUBLIC'">public </xsl:if>
    <xsl:if test="$m = 'PROTECTED'">protected </xsl:if>
    <xsl:if test="$abstract and $m = 'ABSTRACT'">abstract </xsl:if>
    <xsl:if test="$default">default </xsl:if>
    <xsl:if test="$m = 'STATIC'">static </xsl:if>
    <xsl:if test="$final and $m = 'FINAL'">final </xsl:if>
  </xsl:template>

  <xsl:template match="annotations">
    <xsl:for-each select="annotation[@changeStatus != 'REMOVED']">
      <xsl:sort select="@fullyQualifiedName" lang="en"/>
      <xsl:text>@</xsl:text>
      <xsl:value-of select="@fullyQualifiedName"/>
      <xsl:text> </xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- <T, U extends a.B> -->
  <xsl:template match="genericTemplates">
    <xsl:variable name="templates" select="genericTemplate[@changeStatus != 'REMOVED']"/>
    <xsl:if test="$templates">
      <xsl:text>&lt;</xsl:text>
      <xsl:for-each select="$templates">
        <xsl:if test="position() > 1">, </xsl:if>
        <xsl:value-of select="@name"/>
        <xsl:variable name="bounds" select="newInterfaceTypes/newInterfaceType"/>
        <xsl:if test="@newType != 'java.lang.Object' or $bounds">
          <xsl:text> extends </xsl:text>
          <xsl:call-template name="type">
            <xsl:with-param name="name" select="@newType"/>
            <xsl:with-param name="arguments" select="newGenericTypes/newGenericType"/>
          </xsl:call-template>
          <xsl:for-each select="$bounds">
            <xsl:text> &amp; </xsl:text>
            <xsl:call-template name="type">
              <xsl:with-param name="name" select="@type"/>
              <xsl:with-param name="arguments" select="genericTypes/genericType"/>
            </xsl:call-template>
          </xsl:for-each>
        </xsl:if>
      </xsl:for-each>
      <xsl:text>&gt;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- (a.B, java.util.List<a.C>, T) -->
  <xsl:template match="parameters">
    <xsl:text>(</xsl:text>
    <xsl:for-each select="parameter">
      <xsl:if test="position() > 1">, </xsl:if>
      <xsl:choose>
        <xsl:when test="@templateName != 'N/A'">
          <xsl:value-of select="@templateName"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="type">
            <xsl:with-param name="name" select="@type"/>
            <xsl:with-param name="arguments" select="newGenericTypes/newGenericType"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:text>)</xsl:text>
  </xsl:template>

  <xsl:template match="exceptions">
    <xsl:variable name="thrown" select="exception[@changeStatus != 'REMOVED']"/>
    <xsl:if test="$thrown">
      <xsl:text> throws </xsl:text>
      <xsl:for-each select="$thrown">
        <xsl:sort select="@name" lang="en"/>
        <xsl:if test="position() > 1">, </xsl:if>
        <xsl:value-of select="@name"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- A type and its type arguments, as japicmp's newGenericType and genericType elements give
       them: java.util.Map<java.lang.String, ? extends java.util.List<a.B>>. -->
  <xsl:template name="type">
    <xsl:param name="name"/>
    <xsl:param name="arguments"/>
    <xsl:value-of select="$name"/>
    <xsl:if test="$arguments">
      <xsl:text>&lt;</xsl:text>
      <xsl:for-each select="$arguments">
        <xsl:if test="position() > 1">, </xsl:if>
        <xsl:choose>
          <xsl:when test="@genericWildCard = 'UNBOUNDED'">?</xsl:when>
          <xsl:otherwise>
            <xsl:if test="@genericWildCard = 'EXTENDS'">? extends </xsl:if>
            <xsl:if test="@genericWildCard = 'SUPER'">? super </xsl:if>
            <xsl:call-template name="type">
              <xsl:with-param name="name" select="@type"/>
              <xsl:with-param name="arguments" select="genericTypes/genericType"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:text>&gt;</xsl:text>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
