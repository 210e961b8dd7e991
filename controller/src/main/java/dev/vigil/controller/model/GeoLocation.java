package dev.vigil.controller.model;

/**
 * Route 53's {@code GeoLocation}: a continent, a country, or a country's subdivision; country "*" is the default
 * location. Absent codes are "".
 */
public record GeoLocation(String continentCode, String countryCode, String subdivisionCode) {

  public static final String DEFAULT_COUNTRY = "*";
  public static final GeoLocation DEFAULT = new GeoLocation("", DEFAULT_COUNTRY, "");

  public boolean isDefault() {
    return DEFAULT_COUNTRY.equals(countryCode);
  }

  public static GeoLocation continent(String code) {
    return new GeoLocation(code, "", "");
  }

  public static GeoLocation country(String code) {
    return new GeoLocation("", code, "");
  }

  public static GeoLocation subdivision(String country, String code) {
    return new GeoLocation("", country, code);
  }

  /** e.g. "EU", "DE", "US/CA", "*". */
  @Override
  public String toString() {
    if (isDefault()) {
      return DEFAULT_COUNTRY;
    }
    if (!subdivisionCode.isEmpty()) {
      return countryCode + "/" + subdivisionCode;
    }
    return countryCode.isEmpty() ? continentCode : countryCode;
  }
}
