package io.npsloop.ingest.sources;

import static io.npsloop.config.Reader.FETCH;
import static io.npsloop.config.Reader.INGEST;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Setting;

/**
 * Each survey tool's settings: which of the tool's fields carry the respondent, and where its
 * responses are read. Defaults are the tools' field records' own. The tools announced by id only
 * (SurveyMonkey, Qualtrics) are configured in the fetch function, the others in the ingest function.
 */
public final class SurveyToolSettings {

    private SurveyToolSettings() {}

    // Typeform
    public static final Setting TYPEFORM_HIDDEN_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_CUSTOMER_ID", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.customerId())
            .parameter("TypeformHiddenFields", 0)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the customer id.");

    public static final Setting TYPEFORM_HIDDEN_EMAIL = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_EMAIL", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.email())
            .parameter("TypeformHiddenFields", 1)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the email address.");

    public static final Setting TYPEFORM_HIDDEN_NAME = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_NAME", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.name())
            .parameter("TypeformHiddenFields", 2)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the name.");

    public static final Setting TYPEFORM_HIDDEN_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_ACCOUNT_ID", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.accountId())
            .parameter("TypeformHiddenFields", 3)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the account id.");

    public static final Setting TYPEFORM_HIDDEN_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.annualValue())
            .parameter("TypeformHiddenFields", 4)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the annual value.");

    public static final Setting TYPEFORM_HIDDEN_LOCALE = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_LOCALE", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.locale())
            .parameter("TypeformHiddenFields", 5)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the locale.");

    public static final Setting TYPEFORM_SCORE_FIELD_REF = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_SCORE_FIELD_REF", Kind.TEXT)
            .parameter("TypeformScoreFieldRef")
            .readBy(INGEST)
            .means("Ref of the Typeform question holding the score; unset: the nps question, else the opinion_scale one.");

    public static final Setting TYPEFORM_COMMENT_FIELD_REF = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_COMMENT_FIELD_REF", Kind.TEXT)
            .parameter("TypeformCommentFieldRef")
            .readBy(INGEST)
            .means("Ref of the Typeform question holding the comment; unset: the first text answer.");

    // Delighted
    public static final Setting DELIGHTED_PROPERTY_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_PROPERTY_CUSTOMER_ID", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.customerId())
            .parameter("DelightedPersonProperties", 0)
            .readBy(INGEST)
            .means("Delighted person property carrying the customer id.");

    public static final Setting DELIGHTED_PROPERTY_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_PROPERTY_ACCOUNT_ID", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.accountId())
            .parameter("DelightedPersonProperties", 1)
            .readBy(INGEST)
            .means("Delighted person property carrying the account id.");

    public static final Setting DELIGHTED_PROPERTY_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_PROPERTY_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.annualValue())
            .parameter("DelightedPersonProperties", 2)
            .readBy(INGEST)
            .means("Delighted person property carrying the annual value.");

    public static final Setting DELIGHTED_PROPERTY_LOCALE = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_PROPERTY_LOCALE", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.locale())
            .parameter("DelightedPersonProperties", 3)
            .readBy(INGEST)
            .means("Delighted person property carrying the locale.");

    public static final Setting DELIGHTED_SURVEY_ID = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_SURVEY_ID", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.surveyId())
            .readBy(INGEST)
            .means("The survey id given to Delighted responses.");

    // Formbricks
    public static final Setting FORMBRICKS_NPS_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_NPS_QUESTION_IDS", Kind.LIST)
            .parameter("FormbricksNpsQuestionIds")
            .readBy(INGEST)
            .means("Ids of the Formbricks NPS questions; Formbricks webhooks carry no question types, so Formbricks responses are rejected until this is set.");

    public static final Setting FORMBRICKS_COMMENT_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_COMMENT_QUESTION_IDS", Kind.LIST)
            .parameter("FormbricksCommentQuestionIds")
            .readBy(INGEST)
            .means("Ids of the Formbricks questions holding the comment.");

    public static final Setting FORMBRICKS_ATTRIBUTE_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_CUSTOMER_ID", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.customerId())
            .parameter("FormbricksContactAttributes", 0)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the customer id.");

    public static final Setting FORMBRICKS_ATTRIBUTE_EMAIL = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_EMAIL", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.email())
            .parameter("FormbricksContactAttributes", 1)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the email address.");

    public static final Setting FORMBRICKS_ATTRIBUTE_NAME = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_NAME", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.name())
            .parameter("FormbricksContactAttributes", 2)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the name.");

    public static final Setting FORMBRICKS_ATTRIBUTE_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_ACCOUNT_ID", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.accountId())
            .parameter("FormbricksContactAttributes", 3)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the account id.");

    public static final Setting FORMBRICKS_ATTRIBUTE_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.annualValue())
            .parameter("FormbricksContactAttributes", 4)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the annual value.");

    public static final Setting FORMBRICKS_ATTRIBUTE_LOCALE = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_LOCALE", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.locale())
            .parameter("FormbricksContactAttributes", 5)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the locale.");

    // AskNicely
    public static final Setting ASKNICELY_TOKEN_HEADER = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_TOKEN_HEADER", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.tokenHeader())
            .parameter("AskNicelyTokenHeader")
            .readBy(INGEST)
            .means("Header in which AskNicely sends the shared webhook token (never kept in the quarantine).");

    public static final Setting ASKNICELY_FIELD_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_FIELD_CUSTOMER_ID", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.customerId())
            .parameter("AskNicelyCustomFields", 0)
            .readBy(INGEST)
            .means("AskNicely custom field carrying the customer id.");

    public static final Setting ASKNICELY_FIELD_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_FIELD_ACCOUNT_ID", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.accountId())
            .parameter("AskNicelyCustomFields", 1)
            .readBy(INGEST)
            .means("AskNicely custom field carrying the account id.");

    public static final Setting ASKNICELY_FIELD_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_FIELD_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.annualValue())
            .parameter("AskNicelyCustomFields", 2)
            .readBy(INGEST)
            .means("AskNicely custom field carrying the annual value.");

    public static final Setting ASKNICELY_FIELD_LOCALE = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_FIELD_LOCALE", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.locale())
            .parameter("AskNicelyCustomFields", 3)
            .readBy(INGEST)
            .means("AskNicely custom field carrying the locale.");

    public static final Setting ASKNICELY_SURVEY_ID = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_SURVEY_ID", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.surveyId())
            .readBy(INGEST)
            .means("The survey id given to AskNicely responses.");

    // SurveyMonkey
    public static final Setting SURVEYMONKEY_API_BASE_URL = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_API_BASE_URL", Kind.URL)
            .byDefault("https://api.surveymonkey.com")
            .parameter("SurveyMonkeyApiBaseUrl")
            .readBy(FETCH)
            .means("Base URL of the SurveyMonkey API (v3) the responses are read from (the template allows https only; tests point it at a local http server).");

    public static final Setting SURVEYMONKEY_NPS_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_NPS_QUESTION_IDS", Kind.LIST)
            .parameter("SurveyMonkeyNpsQuestionIds")
            .readBy(FETCH)
            .means("Ids of the SurveyMonkey NPS questions; SurveyMonkey marks NPS questions only as rating matrices, so SurveyMonkey responses are quarantined until this is set.");

    public static final Setting SURVEYMONKEY_COMMENT_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_COMMENT_QUESTION_IDS", Kind.LIST)
            .parameter("SurveyMonkeyCommentQuestionIds")
            .readBy(FETCH)
            .means("Ids of the SurveyMonkey questions holding the comment.");

    public static final Setting SURVEYMONKEY_VARIABLE_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_CUSTOMER_ID", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.customerId())
            .parameter("SurveyMonkeyCustomVariables", 0)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the customer id.");

    public static final Setting SURVEYMONKEY_VARIABLE_EMAIL = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_EMAIL", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.email())
            .parameter("SurveyMonkeyCustomVariables", 1)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the email address.");

    public static final Setting SURVEYMONKEY_VARIABLE_NAME = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_NAME", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.name())
            .parameter("SurveyMonkeyCustomVariables", 2)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the name.");

    public static final Setting SURVEYMONKEY_VARIABLE_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_ACCOUNT_ID", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.accountId())
            .parameter("SurveyMonkeyCustomVariables", 3)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the account id.");

    public static final Setting SURVEYMONKEY_VARIABLE_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.annualValue())
            .parameter("SurveyMonkeyCustomVariables", 4)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the annual value.");

    public static final Setting SURVEYMONKEY_VARIABLE_LOCALE = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_LOCALE", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.locale())
            .parameter("SurveyMonkeyCustomVariables", 5)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the locale.");

    // Qualtrics
    public static final Setting QUALTRICS_API_BASE_URL = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_API_BASE_URL", Kind.URL)
            .parameter("QualtricsApiBaseUrl")
            .readBy(FETCH)
            .means("Base URL of your Qualtrics data center, e.g. https://fra1.qualtrics.com; unset: Qualtrics responses are quarantined.");

    public static final Setting QUALTRICS_NPS_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_NPS_QUESTION_IDS", Kind.LIST)
            .parameter("QualtricsNpsQuestionIds")
            .readBy(FETCH)
            .means("QIDs of the Qualtrics NPS questions; unset: the question with a Net Promoter Score group is found by itself.");

    public static final Setting QUALTRICS_COMMENT_FIELDS = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_COMMENT_FIELDS", Kind.LIST)
            .parameter("QualtricsCommentFields")
            .readBy(FETCH)
            .means("Qualtrics response fields holding the comment, e.g. QID2_TEXT.");

    public static final Setting QUALTRICS_FIELD_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_CUSTOMER_ID", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.customerId())
            .parameter("QualtricsEmbeddedData", 0)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the customer id.");

    public static final Setting QUALTRICS_FIELD_EMAIL = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_EMAIL", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.email())
            .parameter("QualtricsEmbeddedData", 1)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the email address.");

    public static final Setting QUALTRICS_FIELD_NAME = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_NAME", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.name())
            .parameter("QualtricsEmbeddedData", 2)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the name.");

    public static final Setting QUALTRICS_FIELD_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_ACCOUNT_ID", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.accountId())
            .parameter("QualtricsEmbeddedData", 3)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the account id.");

    public static final Setting QUALTRICS_FIELD_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.annualValue())
            .parameter("QualtricsEmbeddedData", 4)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the annual value.");

    public static final Setting QUALTRICS_FIELD_LOCALE = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_LOCALE", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.locale())
            .parameter("QualtricsEmbeddedData", 5)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the locale.");
}
