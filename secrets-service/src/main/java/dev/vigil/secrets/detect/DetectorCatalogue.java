package dev.vigil.secrets.detect;

import static dev.vigil.secrets.detect.DetectorSpec.assigned;
import static dev.vigil.secrets.detect.DetectorSpec.pattern;
import static dev.vigil.secrets.detect.DetectorSpec.token;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every detector Vigil ships, as data: name, GitGuardian naming, keywords, pattern, validator. The
 * formats are the providers' published token formats; where a provider's keys carry no prefix the
 * detector needs the provider's name in the variable the value is assigned to.
 */
public final class DetectorCatalogue {

  private static final List<Detector> ALL = build();

  // Character classes used by many formats.
  private static final String B62 = "[A-Za-z0-9]";
  private static final String HEX = "[a-fA-F0-9]";
  private static final String LHEX = "[a-f0-9]";
  private static final String ALNUM_DASH = "[A-Za-z0-9_\\-]";
  private static final String B64 = "[A-Za-z0-9+/]";
  private static final String B64URL = "[A-Za-z0-9_\\-]";
  private static final String UUID =
      HEX + "{8}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{12}";
  private static final String ANY_KEY = "[A-Za-z0-9_\\-+/=.~]";

  private DetectorCatalogue() {}

  public static List<Detector> all() {
    return ALL;
  }

  private static List<Detector> build() {
    List<DetectorSpec> s = new ArrayList<>();
    github(s);
    gitlab(s);
    cloud(s);
    chat(s);
    payments(s);
    devTools(s);
    saas(s);
    privateKeys(s);
    urls(s);
    generics(s);
    List<Detector> detectors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (DetectorSpec spec : s) {
      Detector d = spec.build();
      if (!names.add(d.name())) {
        throw new IllegalStateException("duplicate detector " + d.name());
      }
      detectors.add(d);
    }
    return List.copyOf(detectors);
  }

  private static void github(List<DetectorSpec> s) {
    // Tokens with a valid CRC32 are certain; look-alikes without one must at least be assigned.
    String[][] kinds = {
      {"ghp", "github_access_token", "GitHub Personal Access Token", "github_access_token"},
      {"gho", "github_oauth_token", "GitHub OAuth Token", "github_oauth_token"},
      {"ghu", "github_user_to_server_token", "GitHub User-to-Server Token", "github_app_token"},
      {"ghs", "github_server_to_server_token", "GitHub Server-to-Server Token", "github_app_token"},
      {"ghr", "github_refresh_token", "GitHub Refresh Token", "github_app_token"},
    };
    for (String[] k : kinds) {
      s.add(
          token(k[1], k[2], k[0] + "_" + B62 + "{36}", k[0] + "_")
              .group(k[3])
              .entropy(3.0)
              .validator(DetectorCatalogue::checksumOrAssigned));
    }
    s.add(
        token(
                "github_fine_grained_token",
                "GitHub Fine-Grained Personal Access Token",
                "github_pat_[A-Za-z0-9_]{82}",
                "github_pat_")
            .group("github_access_token", "GitHub Access Token")
            .entropy(3.0)
            .validator(DetectorCatalogue::checksumOrAssigned));
    s.add(
        pattern(
                "github_oauth_app_keys",
                "GitHub OAuth App Keys",
                "(?i:github)[A-Za-z0-9_.\\-]{0,20}?(?i:client_?id)"
                    + DetectorSpec.ASSIGN
                    + "(Iv1\\.[a-f0-9]{16}|[a-f0-9]{20})"
                    + DetectorSpec.VALUE_END,
                "github")
            .types("client_id")
            .window(0, 200));
  }

  /** GitHub-style tokens: a correct checksum, or a high-entropy value assigned to a name. */
  private static boolean checksumOrAssigned(List<String> groups, String line) {
    String token = Validators.lastGroup(groups);
    if (Validators.base62Crc32(token)) {
      return true;
    }
    int at = line.indexOf(token);
    String before = at < 0 ? "" : line.substring(0, at);
    return before.matches("(?s).*[=:>(\\[,]\\s*[\"'`]?\\s*$")
        || before.matches("(?s).*<[A-Za-z_]+>\\s*$")
        || Validators.asciiLower(before).contains("token");
  }

  private static void gitlab(List<DetectorSpec> s) {
    String gl = "GitLab";
    Object[][] tokens = {
      {"gitlab_personal_access_token", "Personal Access Token", "glpat-" + ALNUM_DASH + "{20}"},
      {
        "gitlab_personal_access_token_routable",
        "Routable Personal Access Token",
        "glpat-" + ALNUM_DASH + "{27,300}\\.[0-9a-z]{2}\\.?[a-z0-9]{7}"
      },
      {"gitlab_pipeline_trigger_token", "Pipeline Trigger Token", "glptt-" + HEX + "{40}"},
      {
        "gitlab_runner_registration_token",
        "Runner Registration Token",
        "GR1348941" + ALNUM_DASH + "{20}"
      },
      {
        "gitlab_runner_authentication_token",
        "Runner Authentication Token",
        "glrt-" + ALNUM_DASH + "{20}"
      },
      {
        "gitlab_runner_authentication_token_routable",
        "Routable Runner Authentication Token",
        "glrt-t\\d_" + ALNUM_DASH + "{27,300}\\.[0-9a-z]{2}\\.?[a-z0-9]{7}"
      },
      {
        "gitlab_cicd_job_token",
        "CI/CD Job Token",
        "glcbt-(?:[0-9a-zA-Z]{1,5}_)?" + ALNUM_DASH + "{20}"
      },
      {"gitlab_deploy_token", "Deploy Token", "gldt-" + ALNUM_DASH + "{20}"},
      {
        "gitlab_feature_flag_client_token",
        "Feature Flag Client Token",
        "glffct-" + ALNUM_DASH + "{20}"
      },
      {"gitlab_feed_token", "Feed Token", "glft-" + ALNUM_DASH + "{20}"},
      {"gitlab_incoming_mail_token", "Incoming Mail Token", "glimt-" + ALNUM_DASH + "{25}"},
      {"gitlab_kubernetes_agent_token", "Kubernetes Agent Token", "glagent-" + ALNUM_DASH + "{50}"},
      {
        "gitlab_oauth_application_secret",
        "OAuth Application Secret",
        "gloas-" + ALNUM_DASH + "{64}"
      },
      {"gitlab_scim_token", "SCIM Token", "glsoat-" + ALNUM_DASH + "{20}"},
    };
    for (Object[] t : tokens) {
      String body = (String) t[2];
      String keyword =
          body.startsWith("GR")
              ? "gr1348941"
              : Validators.asciiLower(body.substring(0, body.indexOf('-') + 1));
      s.add(token((String) t[0], gl + " " + t[1], body, keyword).group((String) t[0]).entropy(3.0));
    }
    s.add(
        token(
                "gitlab_session_cookie",
                "GitLab Session Cookie",
                "_gitlab_session=[0-9a-z]{32}",
                "_gitlab_session=")
            .family("other")
            .entropy(3.0));
  }

  private static void cloud(List<DetectorSpec> s) {
    String keyId =
        "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16}";
    String secret = B64 + "{40}";
    String[] idKeywords = {
      "akia", "asia", "abia", "acca", "agpa", "aida", "aroa", "aipa", "anpa", "anva", "apka", "a3t"
    };
    // The pair is what GitGuardian reports as "AWS Keys": an id and, within a few lines, a secret.
    s.add(
        pattern(
                "aws_iam",
                "AWS Keys",
                "(?s)(?:^|[^A-Za-z0-9])("
                    + keyId
                    + ")[^\\n]*?(?:\\n[^\\n]*?){0,6}?(?:^|[^A-Za-z0-9/+])("
                    + secret
                    + ")(?:[^A-Za-z0-9/+=]|$)",
                idKeywords)
            .types("client_id", "client_secret")
            .entropy(3.5)
            .validator((g, line) -> awsSecretShape(g.get(1)))
            .multiline(1, 1200));
    s.add(
        token("aws_access_key_id", "AWS Access Key ID", keyId, idKeywords)
            .group("aws_iam", "AWS Keys")
            .types("client_id")
            .entropy(2.5));
    s.add(
        assigned(
                "aws_secret_access_key",
                "AWS Secret Access Key",
                secret,
                "aws_secret",
                "aws-secret",
                "awssecret",
                "secret_access_key",
                "secretaccesskey")
            .group("aws_iam", "AWS Keys")
            .types("client_secret")
            .entropy(3.5)
            .validator((g, line) -> awsSecretShape(g.get(0))));
    s.add(
        token(
                "aws_session_token",
                "AWS Session Token",
                "(?:FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj)" + B64 + "{100,}={0,2}",
                "fwogzxivyxdze",
                "iqojb3jpz2lux2vj")
            .group("aws_iam")
            .window(1, 2100));
    s.add(
        token(
                "aws_bedrock_api_key",
                "Amazon Bedrock API Key",
                "ABSKQmVkcm9ja0FQSUtleS" + B64 + "{100,200}={0,2}",
                "absk")
            .entropy(3.5)
            .window(1, 300));
    s.add(
        token(
                "aws_bedrock_short_term_api_key",
                "Amazon Bedrock Short-Term API Key",
                "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + B64 + "*={0,2}",
                "bedrock-api-key-")
            .window(1, 4000));
    s.add(
        token("google_api_key", "Google API Key", "AIza" + ALNUM_DASH + "{35}", "aiza")
            .group("google_api_key")
            .entropy(3.5));
    s.add(
        pattern(
                "gcp_service_account",
                "Google Cloud Service Account Key",
                "(?s)\"type\"\\s*:\\s*\"service_account\".{0,}?\"private_key\"\\s*:\\s*\"(-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\\\n]{64,}?-----END PRIVATE KEY-----(?:\\\\n)?)\"",
                "service_account")
            .group("google_service_account_key")
            .family("private_key")
            .types("private_key")
            .entropy(4.0)
            .multiline(200, 5000));
    s.add(
        token(
            "google_oauth_client_secret",
            "Google OAuth Client Secret",
            "GOCSPX-" + ALNUM_DASH + "{28}",
            "gocspx-"));
    s.add(
        token(
                "google_oauth_access_token",
                "Google OAuth Access Token",
                "ya29\\.[0-9A-Za-z_\\-]{30,500}",
                "ya29.")
            .entropy(3.5)
            .window(1, 600));
    s.add(
        pattern(
                "azure_ad_client_secret",
                "Azure AD Client Secret",
                "(?:^|[^A-Za-z0-9_~.\\-])([A-Za-z0-9_~.\\-]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34})(?:[^A-Za-z0-9_~.\\-]|$)",
                "q~")
            .group("azure_ad_client_secret")
            .entropy(3.5)
            .validator((g, line) -> Validators.lettersAndDigits(g.get(0)))
            .window(8, 40));
    s.add(
        pattern(
                "azure_storage_key",
                "Azure Storage Account Key",
                "(?i:AccountKey)=(" + B64 + "{86}==)",
                "accountkey=")
            .entropy(4.0));
    s.add(
        pattern(
                "azure_sas_token",
                "Azure Shared Access Signature",
                "[?&]sig=([A-Za-z0-9%+/]{40,120}(?:%3D|=){0,2})",
                "sig=")
            .entropy(3.5)
            .validator((g, line) -> line.contains("sv=") || line.contains("se=")));
    s.add(
        assigned(
            "azure_openai_key",
            "Azure OpenAI Key",
            LHEX + "{32}",
            "azure_openai",
            "azureopenai",
            "azure-openai"));
    s.add(
        token(
            "digitalocean_pat",
            "DigitalOcean Personal Access Token",
            "dop_v1_" + LHEX + "{64}",
            "dop_v1_"));
    s.add(
        token(
            "digitalocean_oauth_token",
            "DigitalOcean OAuth Token",
            "doo_v1_" + LHEX + "{64}",
            "doo_v1_"));
    s.add(
        token(
            "digitalocean_refresh_token",
            "DigitalOcean Refresh Token",
            "dor_v1_" + LHEX + "{64}",
            "dor_v1_"));
    s.add(
        token(
            "alibaba_access_key_id", "Alibaba Cloud AccessKey ID", "LTAI" + B62 + "{20}", "ltai"));
    s.add(
        assigned(
            "alibaba_access_key_secret",
            "Alibaba Cloud AccessKey Secret",
            B62 + "{30}",
            "alibaba",
            "aliyun"));
    s.add(
        token("heroku_api_key_v2", "Heroku API Key", "HRKU-AA" + ALNUM_DASH + "{58}", "hrku-")
            .group("heroku_api_key"));
    s.add(
        assigned("heroku_api_key", "Heroku API Key (legacy)", UUID, "heroku")
            .group("heroku_api_key"));
    s.add(
        token(
                "fly_io_token",
                "Fly.io Access Token",
                "(?:fo1_[\\w\\-=]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})",
                "fo1_",
                "fm1a_",
                "fm1r_",
                "fm2_")
            .window(1, 4000));
    s.add(
        assigned(
                "fly_io_token_assigned",
                "Fly.io Access Token (assigned)",
                "[\\w\\-=+/]{43,}",
                "fly")
            .group("fly_io_token"));
    s.add(token("openshift_user_token", "OpenShift User Token", "sha256~[\\w\\-]{43}", "sha256~"));
    s.add(
        token(
                "yandex_iam_token",
                "Yandex Cloud IAM Token",
                "t1\\.[A-Z0-9a-z_\\-]+=*\\.[A-Z0-9a-z_\\-]{86}=*",
                "t1.")
            .window(1, 400));
    s.add(token("yandex_api_key", "Yandex Cloud API Key", "AQVN[A-Za-z0-9_\\-]{35,38}", "aqvn"));
    s.add(
        token("yandex_static_key", "Yandex Cloud Static Access Key", "YC[A-Za-z0-9_\\-]{38}", "yc")
            .entropy(3.5)
            .validator((g, l) -> Validators.asciiLower(l).contains("yandex")));
    s.add(
        token("scaleway_secret_key", "Scaleway Secret Key", "SCW[A-Z0-9]{17}", "scw").entropy(3.0));
    s.add(
        token(
                "ibm_cloud_iam_key",
                "IBM Cloud IAM Key",
                "(?i:ibm)[a-z0-9_\\-]{0,20}" + DetectorSpec.ASSIGN + ALNUM_DASH + "{44}",
                "ibm")
            .minRun(0)
            .entropy(3.5));
    s.add(
        token(
            "cloudflare_origin_ca_key",
            "Cloudflare Origin CA Key",
            "v1\\.0-" + LHEX + "{24}-" + LHEX + "{146}",
            "v1.0-"));
    s.add(
        assigned(
            "cloudflare_api_token", "Cloudflare API Token", ALNUM_DASH + "{40}", "cloudflare"));
    s.add(
        assigned(
            "cloudflare_global_api_key", "Cloudflare Global API Key", LHEX + "{37}", "cloudflare"));
    s.add(token("databricks_token", "Databricks Token", "dapi" + LHEX + "{32}(?:-\\d)?", "dapi"));
    s.add(
        token(
                "hashicorp_terraform_token",
                "Terraform Cloud API Token",
                B62 + "{14}\\.atlasv1\\.[A-Za-z0-9_=\\-]{60,70}",
                ".atlasv1.")
            .window(16, 100));
    s.add(
        token(
                "vault_service_token",
                "HashiCorp Vault Service Token",
                "hvs\\.[\\w\\-]{90,120}",
                "hvs.")
            .group("vault_token"));
    s.add(
        token("vault_batch_token", "HashiCorp Vault Batch Token", "hvb\\.[\\w\\-]{138,300}", "hvb.")
            .group("vault_token")
            .window(1, 400));
    s.add(
        token("vault_legacy_token", "HashiCorp Vault Token (legacy)", "s\\.[A-Za-z0-9]{24}", "s.")
            .group("vault_token")
            .entropy(3.5)
            .validator((g, l) -> hasUpperLowerDigit(g.get(0).substring(2))));
    s.add(
        token(
            "doppler_token",
            "Doppler Token",
            "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}",
            "dp.pt.",
            "dp.st.",
            "dp.sa.",
            "dp.ct.",
            "dp.scim.",
            "dp.audit."));
    s.add(token("pulumi_access_token", "Pulumi Access Token", "pul-" + LHEX + "{40}", "pul-"));
    s.add(
        token("infracost_api_token", "Infracost API Token", "ico-[A-Za-z0-9]{32}", "ico-")
            .entropy(3.5));
    s.add(
        token(
            "planetscale_password",
            "PlanetScale Password",
            "pscale_pw_[\\w=.\\-]{32,64}",
            "pscale_pw_"));
    s.add(
        token(
            "planetscale_api_token",
            "PlanetScale API Token",
            "pscale_tkn_[\\w=.\\-]{32,64}",
            "pscale_tkn_"));
    s.add(
        token(
            "planetscale_oauth_token",
            "PlanetScale OAuth Token",
            "pscale_oauth_[\\w=.\\-]{32,64}",
            "pscale_oauth_"));
    s.add(token("netlify_token", "Netlify Access Token", "nfp_[A-Za-z0-9]{36}", "nfp_"));
    s.add(
        assigned(
                "netlify_token_assigned",
                "Netlify Access Token (assigned)",
                ANY_KEY + "{40,46}",
                "netlify")
            .group("netlify_token"));
    s.add(
        token(
            "vercel_token",
            "Vercel Access Token",
            "(?:vcp|vci|vca|vcr|vck)_[A-Za-z0-9]{56}",
            "vcp_",
            "vci_",
            "vca_",
            "vcr_",
            "vck_"));
    s.add(token("render_api_key", "Render API Key", "rnd_[A-Za-z0-9]{32}", "rnd_"));
    s.add(
        token(
            "supabase_service_key",
            "Supabase Secret Key",
            "sb_secret_[A-Za-z0-9_\\-]{31}",
            "sb_secret_"));
    s.add(
        token(
                "linode_token",
                "Linode Personal Access Token",
                "(?i:linode)[a-z_]{0,20}" + DetectorSpec.ASSIGN + LHEX + "{64}",
                "linode")
            .minRun(0));
  }

  private static boolean awsSecretShape(String secret) {
    return secret != null && hasUpperLowerDigit(secret);
  }

  /**
   * Slack tokens carry numeric team and user ids before their random part, so entropy is judged on
   * the last dash-separated part when it is long enough, else on the whole token.
   */
  static boolean randomTail(String token) {
    String tail = token.substring(token.lastIndexOf('-') + 1);
    String judged = tail.length() >= 12 ? tail : token;
    return Validators.entropy(judged) >= 3.0;
  }

  static boolean hasUpperLowerDigit(String v) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower && digit;
  }

  private static void chat(List<DetectorSpec> s) {
    s.add(
        token(
                "slack_bot_token",
                "Slack Bot Token",
                "xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9\\-]*",
                "xoxb-")
            .group("slackbot_token")
            .entropy(3.0));
    s.add(
        token(
                "slack_user_token",
                "Slack User Token",
                "xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9\\-]{28,34}",
                "xoxp-",
                "xoxe-")
            .group("slack_user_token")
            .entropy(3.0));
    s.add(
        token(
                "slack_app_token",
                "Slack App Token",
                "(?i:xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+)",
                "xapp-")
            .entropy(3.0));
    s.add(
        token(
                "slack_config_access_token",
                "Slack Configuration Access Token",
                "(?i:xoxe\\.xox[bp]-\\d-[A-Z0-9]{163,166})",
                "xoxe.xox")
            .window(1, 300));
    s.add(
        token(
                "slack_config_refresh_token",
                "Slack Configuration Refresh Token",
                "(?i:xoxe-\\d-[A-Z0-9]{146})",
                "xoxe-")
            .window(1, 300));
    s.add(
        token(
                "slack_legacy_bot_token",
                "Slack Legacy Bot Token",
                "xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}",
                "xoxb-")
            .group("slackbot_token")
            .entropy(3.0));
    s.add(
        token(
                "slack_legacy_token",
                "Slack Legacy Token",
                "xox[os]-\\d+-\\d+-\\d+-[a-fA-F\\d]+",
                "xoxo-",
                "xoxs-")
            .entropy(3.0));
    s.add(
        token(
                "slack_legacy_workspace_token",
                "Slack Legacy Workspace Token",
                "xox[ar]-(?:\\d-)?[0-9a-zA-Z]{8,48}(?:-[0-9a-zA-Z]{1,48}){0,5}",
                "xoxa-",
                "xoxr-")
            .entropy(0)
            .validator(
                (g, l) ->
                    Validators.lettersAndDigits(g.get(0).substring(5)) && randomTail(g.get(0))));
    s.add(
        token(
                "slack_webhook_url",
                "Slack Webhook URL",
                "(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}",
                "hooks.slack.com/")
            .window(8, 120));
    s.add(
        token(
                "discord_webhook_url",
                "Discord Webhook URL",
                "https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{17,20}/[A-Za-z0-9_\\-]{60,68}",
                "discord.com/api/webhooks/",
                "discordapp.com/api/webhooks/")
            .minRun(0)
            .window(40, 120));
    s.add(assigned("discord_api_key", "Discord API Key", LHEX + "{64}", "discord"));
    s.add(
        assigned("discord_client_id", "Discord Client ID", "[0-9]{18}", "discord")
            .types("client_id")
            .entropy(2.0));
    s.add(
        assigned("discord_client_secret", "Discord Client Secret", ALNUM_DASH + "{32}", "discord")
            .types("client_secret"));
    s.add(
        token(
                "telegram_bot_token",
                "Telegram Bot Token",
                "[0-9]{5,16}:A[A-Za-z0-9_\\-]{34}",
                "telegram")
            .minRun(0)
            .window(0, 200)
            .validator(
                (g, l) ->
                    Validators.asciiLower(l).contains("telegram")
                        || Validators.asciiLower(l).contains("bot")));
    s.add(
        token(
                "microsoft_teams_webhook",
                "Microsoft Teams Webhook",
                "https://[a-z0-9]+\\.webhook\\.office\\.com/webhookb2/"
                    + UUID
                    + "@"
                    + UUID
                    + "/IncomingWebhook/[a-z0-9]{32}/"
                    + UUID,
                ".webhook.office.com/")
            .minRun(0)
            .window(40, 300));
    s.add(assigned("mattermost_token", "Mattermost Access Token", "[a-z0-9]{26}", "mattermost"));
    s.add(assigned("gitter_token", "Gitter Access Token", ALNUM_DASH + "{40}", "gitter"));
    s.add(token("twilio_api_key", "Twilio API Key", "SK" + LHEX + "{32}", "sk").entropy(3.0));
    s.add(
        assigned("twilio_account_sid", "Twilio Account SID", "AC" + LHEX + "{32}", "twilio")
            .types("client_id")
            .entropy(3.0));
    s.add(
        token("sendgrid_key", "SendGrid Key", "SG\\.[\\w\\-=.]{66}", "sg.")
            .window(1, 120)
            .entropy(3.0));
    s.add(
        token(
            "sendinblue_api_key",
            "Brevo (Sendinblue) API Key",
            "xkeysib-" + LHEX + "{64}-[A-Za-z0-9]{16}",
            "xkeysib-"));
    s.add(
        token("mailgun_private_key", "Mailgun Private API Key", "key-" + LHEX + "{32}", "key-")
            .validator(
                (g, l) ->
                    Validators.asciiLower(l).contains("mailgun")
                        || Validators.lettersAndDigits(g.get(0).substring(4))));
    s.add(
        token(
            "mailgun_public_key",
            "Mailgun Public Validation Key",
            "pubkey-" + LHEX + "{32}",
            "pubkey-"));
    s.add(
        assigned(
            "mailgun_signing_key",
            "Mailgun Webhook Signing Key",
            LHEX + "{32}-" + LHEX + "{8}-" + LHEX + "{8}",
            "mailgun"));
    s.add(
        assigned("mailchimp_api_key", "Mailchimp API Key", LHEX + "{32}-us\\d{1,2}", "mailchimp"));
    s.add(
        token("mailchimp_api_key_suffix", "Mailchimp API Key", LHEX + "{32}-us\\d{1,2}", "-us")
            .minRun(0)
            .window(33, 4)
            .group("mailchimp_api_key")
            .entropy(3.0));
    s.add(
        assigned(
            "messagebird_api_key",
            "MessageBird API Key",
            "[A-Za-z0-9]{25}",
            "messagebird",
            "message-bird",
            "message_bird"));
    s.add(
        assigned(
                "messagebird_client_id",
                "MessageBird Client ID",
                UUID,
                "messagebird",
                "message-bird",
                "message_bird")
            .types("client_id"));
    s.add(
        assigned("sendbird_access_id", "Sendbird Application ID", UUID, "sendbird")
            .types("client_id"));
    s.add(assigned("sendbird_access_token", "Sendbird Access Token", LHEX + "{40}", "sendbird"));
    s.add(assigned("intercom_access_token", "Intercom Access Token", "[\\w=\\-]{60}", "intercom"));
    s.add(
        token(
                "facebook_access_token",
                "Facebook Access Token",
                "EAA[MC][A-Za-z0-9]{100,}",
                "eaam",
                "eaac")
            .window(1, 600)
            .entropy(3.5));
    s.add(
        pattern(
                "facebook_app_token",
                "Facebook App Access Token",
                "(?i:facebook)[^\\n]{0,20}?([0-9]{15,16})\\|([A-Za-z0-9_\\-]{26,27})",
                "facebook")
            .types("client_id", "apikey")
            .window(0, 120));
    s.add(
        assigned("facebook_app_secret", "Facebook App Secret", LHEX + "{32}", "facebook")
            .types("client_secret"));
    s.add(
        token(
                "twitter_bearer_token",
                "Twitter Bearer Token",
                "A{22}[A-Za-z0-9%]{80,100}",
                "aaaaaaaaaaaaaaaaaaaaaa")
            .validator((g, l) -> true)
            .window(1, 150)
            .entropy(3.0));
    s.add(
        assigned(
            "twitter_access_token",
            "Twitter Access Token",
            "[0-9]{15,25}-[A-Za-z0-9]{20,40}",
            "twitter"));
    s.add(
        assigned("twitter_api_key", "Twitter API Key", "[A-Za-z0-9]{25}", "twitter")
            .types("client_id"));
    s.add(
        assigned("twitter_api_secret", "Twitter API Secret", "[A-Za-z0-9]{45,50}", "twitter")
            .types("client_secret"));
    s.add(
        assigned(
                "linkedin_client_id", "LinkedIn Client ID", "[a-z0-9]{14}", "linkedin", "linked-in")
            .types("client_id"));
    s.add(
        assigned(
                "linkedin_client_secret",
                "LinkedIn Client Secret",
                "[a-zA-Z0-9]{16}",
                "linkedin",
                "linked-in")
            .types("client_secret"));
  }

  private static void payments(List<DetectorSpec> s) {
    s.add(
        token(
                "stripe_secret_key",
                "Stripe Secret Key",
                "(?:sk|rk)_(?:test|live|prod)_" + B62 + "{10,99}",
                "sk_test_",
                "sk_live_",
                "sk_prod_",
                "rk_test_",
                "rk_live_",
                "rk_prod_")
            .group("stripe_keys")
            .entropy(3.0));
    s.add(
        token(
                "stripe_webhook_secret",
                "Stripe Webhook Secret",
                "whsec_" + B62 + "{32,64}",
                "whsec_")
            .group("stripe_keys")
            .entropy(3.0));
    s.add(
        token(
                "square_access_token",
                "Square Access Token",
                "(?:EAAA|sq0atp-)[\\w\\-]{22,60}",
                "eaaa",
                "sq0atp-")
            .entropy(3.0));
    s.add(token("square_oauth_secret", "Square OAuth Secret", "sq0csp-[\\w\\-]{43}", "sq0csp-"));
    s.add(
        token("shopify_access_token", "Shopify Access Token", "shpat_" + HEX + "{32}", "shpat_")
            .group("shopify_token"));
    s.add(
        token(
                "shopify_custom_app_token",
                "Shopify Custom App Access Token",
                "shpca_" + HEX + "{32}",
                "shpca_")
            .group("shopify_token"));
    s.add(
        token(
                "shopify_private_app_token",
                "Shopify Private App Access Token",
                "shppa_" + HEX + "{32}",
                "shppa_")
            .group("shopify_token"));
    s.add(
        token("shopify_shared_secret", "Shopify Shared Secret", "shpss_" + HEX + "{32}", "shpss_")
            .group("shopify_token"));
    s.add(
        token(
                "paypal_braintree_token",
                "PayPal Braintree Access Token",
                "access_token\\$(?:production|sandbox)\\$[0-9a-z]{16}\\$" + LHEX + "{32}",
                "access_token$")
            .minRun(0));
    s.add(
        token(
            "flutterwave_secret_key",
            "Flutterwave Secret Key",
            "FLWSECK_TEST-" + HEX + "{32}-X",
            "flwseck_test-"));
    s.add(
        token(
            "flutterwave_public_key",
            "Flutterwave Public Key",
            "FLWPUBK_TEST-" + HEX + "{32}-X",
            "flwpubk_test-"));
    s.add(
        token(
            "flutterwave_encryption_key",
            "Flutterwave Encryption Key",
            "FLWSECK_TEST-" + HEX + "{12}",
            "flwseck_test-"));
    s.add(
        token("gocardless_token", "GoCardless API Token", "live_[\\w\\-=]{40}", "live_")
            .validator((g, l) -> Validators.asciiLower(l).contains("gocardless")));
    s.add(
        token(
            "plaid_access_token",
            "Plaid Access Token",
            "access-(?:sandbox|development|production)-" + UUID,
            "access-sandbox-",
            "access-development-",
            "access-production-"));
    s.add(
        assigned("plaid_client_id", "Plaid Client ID", "[a-zA-Z0-9]{24}", "plaid")
            .types("client_id"));
    s.add(assigned("plaid_secret", "Plaid Secret", "[a-z0-9]{30}", "plaid").types("client_secret"));
    s.add(
        token(
            "shippo_api_token",
            "Shippo API Token",
            "shippo_(?:live|test)_" + LHEX + "{40}",
            "shippo_live_",
            "shippo_test_"));
    s.add(token("easypost_api_key", "EasyPost API Key", "EZ[AT]K" + B62 + "{54}", "ezak", "eztk"));
    s.add(
        token(
            "duffel_api_token",
            "Duffel API Token",
            "duffel_(?:test|live)_[\\w\\-=]{43}",
            "duffel_test_",
            "duffel_live_"));
    s.add(
        token("lob_api_key", "Lob API Key", "(?:live|test)_" + LHEX + "{35}", "live_", "test_")
            .validator((g, l) -> Validators.asciiLower(l).contains("lob")));
    s.add(
        token(
            "lob_publishable_key",
            "Lob Publishable API Key",
            "(?:live|test)_pub_" + LHEX + "{31}",
            "live_pub_",
            "test_pub_"));
    s.add(assigned("coinbase_api_token", "Coinbase Access Token", "[\\w\\-]{64}", "coinbase"));
    s.add(assigned("kraken_access_token", "Kraken Access Token", "[\\w/=+\\-]{80,90}", "kraken"));
    s.add(assigned("kucoin_access_token", "KuCoin Access Token", LHEX + "{24}", "kucoin"));
    s.add(
        assigned("kucoin_secret_key", "KuCoin Secret Key", UUID, "kucoin").types("client_secret"));
    s.add(assigned("bittrex_key", "Bittrex API Key", "[a-z0-9]{32}", "bittrex"));
    s.add(
        assigned("finicity_client_secret", "Finicity Client Secret", "[a-z0-9]{20}", "finicity")
            .types("client_secret"));
    s.add(assigned("finicity_api_key", "Finicity API Key", LHEX + "{32}", "finicity"));
    s.add(assigned("finnhub_token", "Finnhub Access Token", "[a-z0-9]{20}", "finnhub"));
    s.add(
        token("adyen_api_key", "Adyen API Key", "AQE[a-zA-Z0-9]{4}[\\w=+/\\-]{60,200}", "aqe")
            .validator((g, l) -> Validators.asciiLower(l).contains("adyen"))
            .window(1, 300));
    s.add(
        token(
                "onepassword_secret_key",
                "1Password Secret Key",
                "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
                "a3-")
            .entropy(3.0));
    s.add(
        token(
                "onepassword_service_account_token",
                "1Password Service Account Token",
                "ops_eyJ[A-Za-z0-9+/]{250,}={0,3}",
                "ops_eyj")
            .window(1, 3000));
  }

  private static void devTools(List<DetectorSpec> s) {
    s.add(token("npm_token", "npm Access Token", "npm_" + B62 + "{36}", "npm_").entropy(3.0));
    s.add(
        token(
                "pypi_token",
                "PyPI Upload Token",
                "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,}",
                "pypi-ageichlwas5vcmc")
            .window(1, 400));
    s.add(token("rubygems_api_key", "RubyGems API Key", "rubygems_" + LHEX + "{48}", "rubygems_"));
    s.add(token("clojars_token", "Clojars Deploy Token", "(?i:CLOJARS_[a-z0-9]{60})", "clojars_"));
    s.add(
        token("nuget_api_key", "NuGet API Key", "oy2[a-z0-9]{43}", "oy2")
            .validator((g, l) -> Validators.asciiLower(l).contains("nuget")));
    s.add(
        token(
            "docker_hub_pat",
            "Docker Hub Personal Access Token",
            "dckr_pat_[A-Za-z0-9_\\-]{27}",
            "dckr_pat_"));
    s.add(
        token(
            "docker_hub_oat",
            "Docker Hub Organization Access Token",
            "dckr_oat_[A-Za-z0-9_\\-]{32}",
            "dckr_oat_"));
    s.add(
        pattern(
                "docker_config_auth",
                "Docker Registry Credentials",
                "\"auths?\"\\s*:\\s*\\{[^}]{0,200}?\"auth\"\\s*:\\s*\"("
                    + B64
                    + "{12,400}={0,2})\"",
                "\"auth\"")
            .family("username_password")
            .types("auth")
            .multiline(400, 500));
    s.add(
        token(
                "atlassian_api_token",
                "Atlassian API Token",
                "ATATT3" + ALNUM_DASH + "{150,200}=" + HEX + "{8}",
                "atatt3")
            .window(1, 260));
    s.add(
        assigned(
                "atlassian_api_token_legacy",
                "Atlassian API Token (legacy)",
                "[a-zA-Z0-9]{24}",
                "atlassian",
                "confluence",
                "jira")
            .group("atlassian_api_token"));
    s.add(
        assigned("bitbucket_client_id", "Bitbucket Client ID", "[a-zA-Z0-9]{32}", "bitbucket")
            .types("client_id"));
    s.add(
        assigned(
                "bitbucket_client_secret",
                "Bitbucket Client Secret",
                "[a-zA-Z0-9=_\\-]{64}",
                "bitbucket")
            .types("client_secret"));
    s.add(token("bitbucket_app_password", "Bitbucket App Password", "ATBB[a-zA-Z0-9]{32}", "atbb"));
    s.add(
        assigned(
            "datadog_token",
            "Datadog Access Token",
            "[a-z0-9]{40}",
            "datadog",
            "dd_app_key",
            "dd_api_key"));
    s.add(
        assigned(
                "datadog_api_key_assigned",
                "Datadog API Key",
                LHEX + "{32}",
                "datadog",
                "dd_api_key",
                "dd-api-key")
            .group("datadog_api_key"));
    s.add(token("new_relic_user_key", "New Relic User API Key", "NRAK-[a-zA-Z0-9]{27}", "nrak-"));
    s.add(
        token("new_relic_insert_key", "New Relic Insert Key", "NRII-[a-zA-Z0-9_\\-]{32}", "nrii-"));
    s.add(
        token(
            "new_relic_browser_key",
            "New Relic Browser API Key",
            "NRJS-" + LHEX + "{19}",
            "nrjs-"));
    s.add(
        assigned(
            "new_relic_user_api_id",
            "New Relic User API ID",
            "[a-z0-9]{64}",
            "new-relic",
            "newrelic",
            "new_relic"));
    s.add(
        token("sentry_user_token", "Sentry User Auth Token", "sntryu_" + LHEX + "{64}", "sntryu_")
            .entropy(3.5));
    s.add(
        token(
                "sentry_org_token",
                "Sentry Organization Auth Token",
                "sntrys_eyJpYXQiO[A-Za-z0-9+/]{10,200}(?:LCJyZWdpb25fdXJs|InJlZ2lvbl91cmwi|cmVnaW9uX3VybCI6)[A-Za-z0-9+/]{10,200}={0,2}_[A-Za-z0-9+/]{43}",
                "sntrys_")
            .window(1, 600));
    s.add(assigned("sentry_auth_token", "Sentry Auth Token", LHEX + "{64}", "sentry"));
    s.add(
        token(
                "grafana_cloud_token",
                "Grafana Cloud API Token",
                "glc_[A-Za-z0-9+/]{32,400}={0,2}",
                "glc_")
            .entropy(3.0)
            .window(1, 450));
    s.add(
        token(
            "grafana_service_account_token",
            "Grafana Service Account Token",
            "glsa_[A-Za-z0-9]{32}_" + HEX + "{8}",
            "glsa_"));
    s.add(
        token("grafana_api_key", "Grafana API Key", "eyJrIjoi[A-Za-z0-9]{70,400}={0,2}", "eyjrijoi")
            .window(1, 450));
    s.add(
        token(
            "dynatrace_token",
            "Dynatrace API Token",
            "dt0c01\\.[a-z0-9]{24}\\.[a-z0-9]{64}",
            "dt0c01."));
    s.add(
        token(
            "harness_api_key",
            "Harness API Key",
            "(?:pat|sat)\\.[a-zA-Z0-9_\\-]{22}\\.[a-zA-Z0-9]{24}\\.[a-zA-Z0-9]{20}",
            "pat.",
            "sat."));
    s.add(token("prefect_api_key", "Prefect API Key", "pnu_[a-zA-Z0-9]{36}", "pnu_"));
    s.add(token("readme_api_key", "ReadMe API Key", "rdme_[a-z0-9]{70}", "rdme_"));
    s.add(
        token(
            "postman_api_key",
            "Postman API Key",
            "PMAK-" + LHEX + "{24}-" + LHEX + "{34}",
            "pmak-"));
    s.add(token("linear_api_key", "Linear API Key", "lin_api_[a-zA-Z0-9]{40}", "lin_api_"));
    s.add(
        assigned("linear_client_secret", "Linear Client Secret", LHEX + "{32}", "linear")
            .types("client_secret"));
    s.add(
        token(
            "sourcegraph_token",
            "Sourcegraph Access Token",
            "(?:sgp_(?:" + LHEX + "{16}|local)_" + LHEX + "{40}|sgp_" + LHEX + "{40})",
            "sgp_"));
    s.add(
        assigned("snyk_token", "Snyk API Token", UUID, "snyk")
            .group("snyk_api_token")
            .entropy(2.5));
    s.add(
        assigned(
            "sonarqube_token", "SonarQube Token", "(?:squ_|sqp_|sqa_)?[A-Za-z0-9]{40}", "sonar"));
    s.add(
        token(
                "sonarqube_prefixed_token",
                "SonarQube Token",
                "(?:squ|sqp|sqa)_" + LHEX + "{40}",
                "squ_",
                "sqp_",
                "sqa_")
            .group("sonarqube_token"));
    s.add(assigned("codecov_token", "Codecov Access Token", "[a-z0-9]{32}", "codecov"));
    s.add(assigned("travis_ci_token", "Travis CI Access Token", "[a-z0-9]{22}", "travis"));
    s.add(assigned("drone_ci_token", "Drone CI Access Token", "[a-z0-9]{32}", "drone"));
    s.add(
        token(
            "circleci_token",
            "CircleCI Personal Token",
            "CCIPAT_[A-Za-z0-9]{22}_" + LHEX + "{40}",
            "ccipat_"));
    s.add(token("buildkite_token", "Buildkite Agent Token", "bkua_" + LHEX + "{40}", "bkua_"));
    s.add(
        token(
            "jfrog_identity_token", "JFrog Identity Token", "cmVmdGtu[A-Za-z0-9]{56}", "cmvmdgtu"));
    s.add(token("jfrog_api_key", "JFrog API Key", "AKCp[A-Za-z0-9]{69}", "akcp"));
    s.add(
        assigned(
                "jfrog_token_assigned",
                "JFrog Access Token",
                "[a-z0-9]{64}|[a-z0-9]{73}",
                "jfrog",
                "artifactory",
                "bintray",
                "xray")
            .group("jfrog_identity_token"));
    s.add(
        pattern(
                "artifactory_reference_token",
                "Artifactory Reference Token",
                "(?i:artifactory|jfrog)[A-Za-z0-9_.\\-]{0,40}?"
                    + DetectorSpec.ASSIGN
                    + "(cmVmd[A-Za-z0-9]{59})"
                    + DetectorSpec.VALUE_END,
                "artifactory",
                "jfrog")
            .window(0, 200));
    s.add(
        token("octopus_deploy_api_key", "Octopus Deploy API Key", "API-[A-Z0-9]{26}", "api-")
            .entropy(3.0)
            .validator(
                (g, l) -> hasUpperLowerDigit(g.get(0).toLowerCase() + "A") && !l.contains("://")));
    s.add(
        token(
                "openai_api_key",
                "OpenAI API Key",
                "sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\\-]{20,74}T3BlbkFJ[A-Za-z0-9_\\-]{20,74}",
                "t3blbkfj")
            .window(90, 90));
    s.add(
        token(
                "openai_project_key",
                "OpenAI Project Key",
                "sk-proj-[A-Za-z0-9_\\-]{100,200}",
                "sk-proj-")
            .group("openai_api_key")
            .entropy(3.5)
            .window(1, 220));
    s.add(
        token(
                "anthropic_api_key",
                "Anthropic API Key",
                "sk-ant-api03-[A-Za-z0-9_\\-]{93}AA",
                "sk-ant-api03-")
            .entropy(3.5));
    s.add(
        token(
                "anthropic_admin_key",
                "Anthropic Admin API Key",
                "sk-ant-admin01-[A-Za-z0-9_\\-]{93}AA",
                "sk-ant-admin01-")
            .entropy(3.5));
    s.add(
        token("huggingface_token", "Hugging Face User Access Token", "hf_[a-zA-Z]{34}", "hf_")
            .entropy(3.5)
            .validator((g, l) -> hasUpperLower(g.get(0).substring(3))));
    s.add(
        token(
                "huggingface_org_token",
                "Hugging Face Organization API Token",
                "api_org_[a-zA-Z]{34}",
                "api_org_")
            .entropy(3.5)
            .validator((g, l) -> hasUpperLower(g.get(0).substring(8))));
    s.add(
        token("perplexity_api_key", "Perplexity API Key", "pplx-[a-zA-Z0-9]{48}", "pplx-")
            .entropy(3.5));
    s.add(token("groq_api_key", "Groq API Key", "gsk_[a-zA-Z0-9]{52}", "gsk_").entropy(3.5));
    s.add(
        token("replicate_api_token", "Replicate API Token", "r8_[a-zA-Z0-9]{37}", "r8_")
            .entropy(3.5));
    s.add(
        token(
                "notion_token",
                "Notion Integration Token",
                "(?:ntn_[0-9]{11}[A-Za-z0-9]{32}[A-Za-z0-9]{3}|secret_[A-Za-z0-9]{43})",
                "ntn_",
                "secret_")
            .entropy(3.5));
    s.add(
        token(
            "airtable_pat",
            "Airtable Personal Access Token",
            "pat[A-Za-z0-9]{14}\\." + LHEX + "{64}",
            "pat"));
    s.add(assigned("airtable_api_key", "Airtable API Key", "[a-z0-9]{17}", "airtable"));
    s.add(
        token(
                "age_secret_key",
                "age Secret Key",
                "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
                "age-secret-key-1")
            .family("private_key")
            .repeatsAllowed());
    s.add(
        token(
                "authress_key",
                "Authress Service Client Access Key",
                "(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\\.[a-z0-9]{4,6}\\.acc[_\\-][a-z0-9\\-]{10,32}\\.[a-z0-9+/_=\\-]{30,120}",
                ".acc_",
                ".acc-")
            .window(60, 140));
    s.add(
        token(
            "defined_networking_token",
            "Defined Networking API Token",
            "dnkey-[a-z0-9=_\\-]{26}-[a-z0-9=_\\-]{52}",
            "dnkey-"));
    s.add(token("frameio_token", "Frame.io API Token", "fio-u-[A-Za-z0-9\\-_=]{64}", "fio-u-"));
    s.add(token("scalingo_token", "Scalingo API Token", "tk-us-[\\w\\-]{48}", "tk-us-"));
    s.add(
        token(
            "settlemint_token",
            "SettleMint Access Token",
            "sm_(?:pat|aat|sat)_[a-zA-Z0-9]{16}",
            "sm_pat_",
            "sm_aat_",
            "sm_sat_"));
    s.add(
        token(
            "typeform_token", "Typeform Personal Access Token", "tfp_[a-z0-9\\-_.=]{59}", "tfp_"));
    s.add(
        token("beamer_api_key", "Beamer API Key", "b_[a-z0-9=_\\-]{44}", "b_")
            .validator((g, l) -> Validators.asciiLower(l).contains("beamer")));
    s.add(
        assigned(
            "contentful_delivery_token",
            "Contentful Delivery API Token",
            "[A-Za-z0-9=_\\-]{43}",
            "contentful"));
    s.add(
        assigned(
                "sidekiq_secret",
                "Sidekiq Enterprise Credentials",
                LHEX + "{8}:" + LHEX + "{8}",
                "contribsys")
            .entropy(2.4));
    s.add(
        pattern(
                "sidekiq_url",
                "Sidekiq Enterprise Gem Source",
                "https?://("
                    + LHEX
                    + "{8}):("
                    + LHEX
                    + "{8})@(?:gems|enterprise)\\.contribsys\\.com",
                "contribsys.com")
            .family("username_password")
            .types("username", "password")
            .window(60, 40));
    s.add(
        token(
                "kubernetes_sa_token",
                "Kubernetes Service Account Token",
                "eyJhbGciOiJSUzI1NiIsImtpZCI6[A-Za-z0-9_\\-]{10,}\\.eyJpc3MiOiJrdWJlcm5ldGVz[A-Za-z0-9_\\-]{100,}\\.[A-Za-z0-9_\\-]{50,}",
                "eyjhbgcioijsuzi1niisimtpzci6")
            .window(1, 3000)
            .group("kubernetes_service_account_token"));
  }

  static boolean hasUpperLower(String v) {
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    return upper && lower;
  }

  private static void saas(List<DetectorSpec> s) {
    // Providers whose keys carry no prefix: the provider's name must name the variable.
    Object[][] keyed = {
      {"adafruit_io_key", "Adafruit IO Key", "[a-z0-9_\\-]{32}", new String[] {"adafruit"}},
      {"adobe_client_id", "Adobe Client ID", HEX + "{32}", new String[] {"adobe"}},
      {"adobe_client_secret", "Adobe Client Secret", "p8e-[a-zA-Z0-9]{32}", new String[] {"adobe"}},
      {"algolia_api_key", "Algolia API Key", "[a-zA-Z0-9]{32}", new String[] {"algolia"}},
      {"asana_client_id", "Asana Client ID", "[0-9]{16}", new String[] {"asana"}},
      {"asana_client_secret", "Asana Client Secret", "[a-z0-9]{32}", new String[] {"asana"}},
      {"cisco_meraki_api_key", "Cisco Meraki API Key", LHEX + "{40}", new String[] {"meraki"}},
      {
        "clickhouse_cloud_secret",
        "ClickHouse Cloud API Secret",
        "4b1d[A-Za-z0-9]{38}",
        new String[] {"clickhouse"}
      },
      {"confluent_api_key", "Confluent API Key", "[a-zA-Z0-9]{16}", new String[] {"confluent"}},
      {
        "confluent_api_secret",
        "Confluent API Secret",
        "[a-zA-Z0-9]{64}",
        new String[] {"confluent"}
      },
      {"dropbox_api_secret", "Dropbox App Secret", "[a-z0-9]{15}", new String[] {"dropbox"}},
      {
        "dropbox_access_token",
        "Dropbox Access Token",
        "(?:sl\\.[a-zA-Z0-9\\-=_]{135}|[a-z0-9]{11}AAAAAAAAAA[a-z0-9\\-_=]{43})",
        new String[] {"dropbox"}
      },
      {"etsy_api_key", "Etsy API Key", "[a-z0-9]{24}", new String[] {"etsy"}},
      {"fastly_api_token", "Fastly API Token", "[a-zA-Z0-9=_\\-]{32}", new String[] {"fastly"}},
      {"flickr_api_key", "Flickr API Key", "[a-z0-9]{32}", new String[] {"flickr"}},
      {"freshbooks_token", "FreshBooks Access Token", "[a-z0-9]{64}", new String[] {"freshbooks"}},
      {"hubspot_api_key", "HubSpot API Key", UUID, new String[] {"hubspot"}},
      {
        "hubspot_private_app_token",
        "HubSpot Private App Token",
        "pat-(?:na|eu)\\d-" + UUID,
        new String[] {"hubspot"}
      },
      {
        "launchdarkly_token",
        "LaunchDarkly Access Token",
        "[a-z0-9=_\\-]{40}",
        new String[] {"launchdarkly"}
      },
      {"looker_client_id", "Looker Client ID", "[a-zA-Z0-9]{20}", new String[] {"looker"}},
      {"looker_client_secret", "Looker Client Secret", "[a-zA-Z0-9]{24}", new String[] {"looker"}},
      {
        "mapbox_token",
        "Mapbox Access Token",
        "pk\\.[a-z0-9]{60}\\.[a-z0-9]{22}",
        new String[] {"mapbox"}
      },
      {
        "maxmind_license_key",
        "MaxMind License Key",
        "[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk",
        new String[] {"maxmind"}
      },
      {
        "nytimes_api_key",
        "New York Times API Key",
        "[a-z0-9=_\\-]{32}",
        new String[] {"nytimes", "new-york-times", "newyorktimes"}
      },
      {"okta_api_token", "Okta API Token", "00[\\w=\\-]{40}", new String[] {"okta"}},
      {"rapidapi_key", "RapidAPI Key", "[a-z0-9_\\-]{50}", new String[] {"rapidapi"}},
      {"squarespace_token", "Squarespace API Key", UUID, new String[] {"squarespace"}},
      {"sumologic_access_id", "Sumo Logic Access ID", "su[a-zA-Z0-9]{12}", new String[] {"sumo"}},
      {"sumologic_access_key", "Sumo Logic Access Key", "[a-zA-Z0-9]{64}", new String[] {"sumo"}},
      {"trello_api_key", "Trello API Key", "[a-zA-Z0-9]{32}", new String[] {"trello"}},
      {"twitch_api_token", "Twitch API Token", "[a-z0-9]{30}", new String[] {"twitch"}},
      {"zendesk_api_token", "Zendesk API Token", "[a-z0-9]{40}", new String[] {"zendesk"}},
      {"alchemy_api_key", "Alchemy API Key", "[A-Za-z0-9_\\-]{32}", new String[] {"alchemy"}},
      {
        "pagerduty_api_key", "PagerDuty API Key", "[A-Za-z0-9_+\\-]{20}", new String[] {"pagerduty"}
      },
      {"pusher_secret", "Pusher Channels Secret", LHEX + "{20}", new String[] {"pusher"}},
      {"mixpanel_secret", "Mixpanel API Secret", LHEX + "{32}", new String[] {"mixpanel"}},
      {"auth0_client_secret", "Auth0 Client Secret", "[A-Za-z0-9_\\-]{64}", new String[] {"auth0"}},
      {
        "contentstack_token",
        "Contentstack Management Token",
        "cs[a-z0-9]{32}",
        new String[] {"contentstack"}
      },
      {"zoom_jwt_secret", "Zoom API Secret", "[A-Za-z0-9]{36}", new String[] {"zoom"}},
      {
        "elastic_cloud_api_key",
        "Elastic Cloud API Key",
        "[A-Za-z0-9_\\-]{22}==",
        new String[] {"elastic"}
      },
      {
        "mongodb_atlas_private_key",
        "MongoDB Atlas API Private Key",
        UUID,
        new String[] {"atlas_private", "mongodb_atlas"}
      },
      {"openweather_api_key", "OpenWeather API Key", LHEX + "{32}", new String[] {"openweather"}},
      {
        "browserstack_access_key",
        "BrowserStack Access Key",
        "[A-Za-z0-9]{20}",
        new String[] {"browserstack"}
      },
      {"saucelabs_access_key", "Sauce Labs Access Key", UUID, new String[] {"sauce"}},
      {
        "cloudinary_api_secret",
        "Cloudinary API Secret",
        "[A-Za-z0-9_\\-]{27}",
        new String[] {"cloudinary"}
      },
    };
    for (Object[] k : keyed) {
      s.add(assigned((String) k[0], (String) k[1], (String) k[2], (String[]) k[3]));
    }
    s.add(
        token(
            "intra42_client_secret",
            "Intra42 Client Secret",
            "s-s4t2(?:ud|af)-" + LHEX + "{64}",
            "s-s4t2ud-",
            "s-s4t2af-"));
    s.add(
        token("vigil_api_token", "Vigil API Token", "vgl_" + B62 + "{38}", "vgl_")
            .group("vigil_api_token")
            .validator((g, l) -> Validators.base62Crc32(g.get(0))));
    s.add(
        token(
                "gitguardian_test_token",
                "GitGuardian Development Secret",
                LHEX
                    + "{64}sRZlRup3xvtMVfiHWAanbe712Jtc3nY8veZux5raL1bhpaxiv0rfyhFoAIMZUCh2Njyk7gRVsSQFPrEphSJnxa16SIdWKb03sRft770LUTTYTAy3IM18A7Su4HjiHlGA9ihLj9ou3luadfRAATlKH6kAZwTw289Kq9uip67zxyWkUJdh6PTeFpMgCh3AhHcZ21VeZHlu\\d{5}",
                "srzlrup3xvtmvfihwaanbe712")
            .window(70, 220));
  }

  private static void privateKeys(List<DetectorSpec> s) {
    String[][] kinds = {
      {"rsa_private_key", "RSA Private Key", "RSA PRIVATE KEY", "-----begin rsa private key-----"},
      {
        "ec_private_key",
        "Elliptic Curve Private Key",
        "EC PRIVATE KEY",
        "-----begin ec private key-----"
      },
      {"dsa_private_key", "DSA Private Key", "DSA PRIVATE KEY", "-----begin dsa private key-----"},
      {
        "openssh_private_key",
        "OpenSSH Private Key",
        "OPENSSH PRIVATE KEY",
        "-----begin openssh private key-----"
      },
      {"pkcs8_private_key", "PKCS#8 Private Key", "PRIVATE KEY", "-----begin private key-----"},
      {
        "encrypted_private_key",
        "Encrypted Private Key",
        "ENCRYPTED PRIVATE KEY",
        "-----begin encrypted private key-----"
      },
      {
        "pgp_private_key",
        "PGP Private Key",
        "PGP PRIVATE KEY BLOCK",
        "-----begin pgp private key block-----"
      },
      {
        "ssh2_private_key",
        "SSH2 Encrypted Private Key",
        "SSH2 ENCRYPTED PRIVATE KEY",
        "---- begin ssh2 encrypted private key ----"
      },
    };
    for (String[] k : kinds) {
      String begin =
          k[1].startsWith("SSH2") ? "---- BEGIN " + k[2] + " ----" : "-----BEGIN " + k[2] + "-----";
      String end =
          k[1].startsWith("SSH2") ? "---- END " + k[2] + " ----" : "-----END " + k[2] + "-----";
      s.add(
          pattern(
                  k[0],
                  k[1],
                  "(?s)("
                      + com.google.re2j.Pattern.quote(begin)
                      + "[A-Za-z0-9+/=:,\\-\\s\\\\\"'.]{40,}?"
                      + com.google.re2j.Pattern.quote(end)
                      + ")",
                  k[3])
              .group("private_key_" + k[0].replace("_private_key", ""), k[1])
              .family("private_key")
              .entropy(3.0)
              .multiline(0, 17000));
    }
    s.add(
        pattern(
                "putty_private_key",
                "PuTTY Private Key",
                "(PuTTY-User-Key-File-[23]: [^\\n]+\\n(?:[^\\n]*\\n){1,40}?Private-MAC: "
                    + LHEX
                    + "{40,64})",
                "putty-user-key-file-")
            .family("private_key")
            .entropy(3.0)
            .multiline(0, 8000));
    s.add(
        token(
                "pkcs12_in_text",
                "PKCS#12 Certificate Bundle",
                "MII[A-Za-z0-9+/]{2}AgEDMII" + B64 + "{100,}={0,2}",
                "agedmii")
            .family("private_key")
            .window(8, 20000)
            .entropy(4.0));
  }

  private static void urls(List<DetectorSpec> s) {
    String user = "([A-Za-z0-9._~%!$&*+;\\-]{1,64})";
    String pass = "([^\\s:/?#\\[\\]@'\"`<>{}]{3,128})";
    String host = "([A-Za-z0-9][A-Za-z0-9.\\-]{0,252}[A-Za-z0-9])";
    String[][] schemes = {
      {
        "postgresql_credentials",
        "PostgreSQL Credentials",
        "postgres(?:ql)?(?:\\+[a-z0-9]+)?",
        "postgres"
      },
      {"mysql_credentials", "MySQL Credentials", "mysql(?:\\+[a-z0-9]+)?|mariadb", "mysql"},
      {"mongodb_credentials", "MongoDB Credentials", "mongodb(?:\\+srv)?", "mongodb"},
      {"redis_credentials", "Redis Credentials", "rediss?", "redis"},
      {"amqp_credentials", "RabbitMQ Credentials", "amqps?", "amqp"},
      {"mssql_credentials", "Microsoft SQL Server Credentials", "mssql|sqlserver", "sqlserver"},
      {"oracle_credentials", "Oracle Database Credentials", "oracle(?:\\+[a-z0-9]+)?", "oracle"},
      {"kafka_credentials", "Kafka Credentials", "kafka(?:\\+ssl)?", "kafka"},
      {"ldap_credentials", "LDAP Credentials", "ldaps?", "ldap"},
      {"ftp_credentials", "FTP Credentials", "s?ftp", "ftp"},
      {"smtp_credentials", "SMTP Credentials", "smtps?", "smtp"},
      {"couchdb_credentials", "CouchDB Credentials", "couchdbs?", "couchdb"},
      {"clickhouse_credentials", "ClickHouse Credentials", "clickhouse", "clickhouse"},
      {"nats_credentials", "NATS Credentials", "nats", "nats"},
    };
    for (String[] k : schemes) {
      s.add(
          pattern(
                  k[0],
                  k[1],
                  "(?i:(?:jdbc:)?(?:" + k[2] + "))://" + user + ":" + pass + "@" + host,
                  k[3] + "://",
                  k[3] + "ql://",
                  k[3] + "s://",
                  k[3] + "+srv://")
              .family("username_password")
              .types("username", "password", "host")
              .entropy(1.5)
              .validator((g, l) -> credentialsInUrl(g))
              .window(40, 400));
    }
    s.add(
        pattern(
                "basic_auth_string",
                "Basic Auth String",
                "(?i:https?)://" + user + ":" + pass + "@" + host,
                "http://",
                "https://")
            .generic()
            .family("username_password")
            .types("username", "password", "host")
            .entropy(1.5)
            .validator((g, l) -> credentialsInUrl(g))
            .window(8, 400));
    s.add(
        pattern(
                "bearer_authorization_header",
                "Authorization Header Token",
                "(?i:authorization)[\"']?\\s*[:=]\\s*[\"']?(?i:bearer|token|api-token|apikey)\\s+([A-Za-z0-9_\\-.~+/]{16,400}={0,2})",
                "authorization")
            .generic()
            .family("other")
            .entropy(3.0)
            .window(0, 500));
    s.add(
        pattern(
                "basic_authorization_header",
                "Authorization Basic Header",
                "(?i:authorization)[\"']?\\s*[:=]\\s*[\"']?(?i:basic)\\s+("
                    + B64
                    + "{12,400}={0,2})",
                "authorization")
            .generic()
            .family("username_password")
            .entropy(3.0)
            .validator((g, l) -> decodesToCredentials(g.get(0)))
            .window(0, 500));
    s.add(
        pattern(
                "curl_user_credentials",
                "cURL User Credentials",
                "(?:^|\\s)(?:-u|--user)\\s*[\"']?([^\\s:\"']{3,64}):[\"']?([^\\s\"']{0,128})[\"']?(?:\\s|$)",
                "-u",
                "--user")
            .generic()
            .family("username_password")
            .types("username", "password")
            .entropy(0)
            .validator(DetectorCatalogue::curlCredentials)
            .multiline(1, 300));
    s.add(
        pattern(
                "header_token",
                "HTTP Header Token",
                "(?i:-H|--header)\\s+[\"'](?i:x-api-key|api-key|x-auth-token|token|x-access-token|private-token)\\s*:\\s*([A-Za-z0-9_\\-.~+/=]{12,200})[\"']",
                "-h ",
                "--header")
            .generic()
            .family("other")
            .entropy(2.5)
            .window(0, 300));
  }

  private static boolean credentialsInUrl(List<String> g) {
    String user = g.get(0);
    String password = g.get(1);
    if (password == null || password.length() < 3) {
      return false;
    }
    String lower = Validators.asciiLower(password);
    return !lower.equals("password")
        && !lower.equals("pass")
        && !lower.equals("passwd")
        && !lower.equals("secret")
        && !lower.equals(Validators.asciiLower(user))
        && !password.startsWith("$")
        && !password.startsWith("%")
        && !Validators.isPlaceholder(password)
        && !Validators.isPlaceholder(user);
  }

  private static boolean curlCredentials(List<String> g, String line) {
    String user = g.get(0);
    String password = g.get(1) == null ? "" : g.get(1);
    if (!Validators.asciiLower(line).contains("curl")) {
      return false;
    }
    if (password.isEmpty()) {
      // "-u KEY:" is how API keys are passed as a user name: the key must look random.
      return user.length() >= 10
          && Validators.entropy(user) >= 3.0
          && Validators.lettersAndDigits(user);
    }
    return password.length() >= 6
        && !Validators.isPlaceholder(password)
        && !password.startsWith("$")
        && !password.startsWith("[")
        && Validators.entropy(password) >= 2.5
        && !Validators.asciiLower(password).matches("pass(word)?|token|secret");
  }

  private static boolean decodesToCredentials(String b64) {
    try {
      String decoded =
          new String(
              java.util.Base64.getDecoder().decode(b64.replace("=", "")),
              java.nio.charset.StandardCharsets.UTF_8);
      long printable = decoded.chars().filter(c -> c >= 0x20 && c < 0x7f).count();
      return decoded.indexOf(':') > 0 && printable * 10 >= decoded.length() * 8L;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void generics(List<DetectorSpec> s) {
    s.add(
        token(
                "json_web_token",
                "JSON Web Token",
                "eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{0,1000}",
                "eyj")
            .group("jwt", "JSON Web Token")
            .family("other")
            .entropy(3.0)
            .window(1, 6000));
    s.add(
        assigned(
                "json_web_token_assigned",
                "JSON Web Token",
                "ey[A-Za-z0-9]{17,}\\.ey[A-Za-z0-9/\\\\_\\-]{17,}\\.(?:[A-Za-z0-9/\\\\_\\-]{10,}={0,2})?",
                "jwt")
            .group("jwt", "JSON Web Token")
            .family("other")
            .entropy(3.0)
            .window(0, 6000));
    s.add(
        pattern(
                "generic_password",
                "Generic Password",
                "(?i:password|passwd|passphrase|pwd)[A-Za-z0-9_.\\-]{0,20}?"
                    + DetectorSpec.ASSIGN
                    + "([^\\s\"'`;,(){}\\[\\]<>]{6,128})"
                    + DetectorSpec.VALUE_END,
                "password",
                "passwd",
                "passphrase",
                "pwd")
            .generic()
            .needsAssignment()
            .family("username_password")
            .types("password")
            .entropy(2.5)
            .validator(DetectorCatalogue::passwordValue)
            .window(0, 300));
    s.add(
        pattern(
                "generic_high_entropy_secret",
                "Generic High Entropy Secret",
                "(?i:secret|token|api_?key|api-key|access_?key|auth_?key|client_?secret|credential|private_?key|signing_?key|encryption_?key|master_?key)[A-Za-z0-9_.\\-]{0,30}?"
                    + DetectorSpec.ASSIGN
                    + "([A-Za-z0-9_\\-+/=.~!@#$%^*]{12,256})"
                    + DetectorSpec.VALUE_END,
                "secret",
                "token",
                "api_key",
                "apikey",
                "api-key",
                "access_key",
                "accesskey",
                "auth_key",
                "authkey",
                "credential",
                "private_key",
                "privatekey",
                "signing_key",
                "encryption_key",
                "master_key")
            .generic()
            .needsAssignment()
            .family("other")
            .types("apikey")
            .entropy(3.0)
            .validator(DetectorCatalogue::highEntropyValue)
            .window(0, 320));
    s.add(
        pattern(
                "kubernetes_secret_data",
                "Kubernetes Secret",
                "(?s)(?i:kind)[\"']?\\s*:\\s*[\"']?(?i:secret)[\"']?\\s*\\n.*?\\n\\s*(?i:data|stringData)\\s*:\\s*\\n\\s*(?:#[^\\n]*\\n\\s*)*[\"']?[\\w.\\-]+[\"']?\\s*:\\s*(?:\\|\\s*\\n\\s*)?[\"']?([A-Za-z0-9+/]{12,}={0,2})[\"']?|(?i:data)\\s*:\\s*\\n\\s*[\"']?[\\w.\\-]+[\"']?\\s*:\\s*(?:\\|\\s*\\n\\s*)?[\"']?([A-Za-z0-9+/]{12,}={0,2})[\"']?\\s*\\n(?:.*?\\n)??\\s*(?i:kind)[\"']?\\s*:\\s*[\"']?(?i:secret)[\"']?\\s*(?:\\n|$)",
                "kind: secret",
                "kind: 'secret'",
                "kind: \"secret\"")
            .group("kubernetes_secret")
            .family("other")
            .types("apikey", "apikey")
            .entropy(2.5)
            .multiline(600, 600));
  }

  /**
   * Prefixes of the self-identifying tokens above: a value in a known provider's format is judged
   * by that provider's detector alone, not flagged again (or instead) by a generic one.
   */
  private static final List<String> KNOWN_PREFIXES =
      List.of(
          "ghp_",
          "gho_",
          "ghu_",
          "ghs_",
          "ghr_",
          "github_pat_",
          "glpat-",
          "xoxb-",
          "xoxp-",
          "xoxa-",
          "xoxr-",
          "xoxe",
          "xapp-",
          "sk_",
          "rk_",
          "sk-",
          "akia",
          "asia",
          "aiza",
          "npm_",
          "pypi-",
          "shp",
          "sg.",
          "hf_",
          "api_org_",
          "dop_",
          "doo_",
          "dor_",
          "vgl_",
          "eyj",
          "pscale_",
          "sntry",
          "glsa_",
          "glc_",
          "nrak-",
          "pmak-",
          "lin_api_",
          "dckr_",
          "hvs.",
          "hvb.");

  private static boolean knownPrefix(String value) {
    String lower = Validators.asciiLower(value);
    for (String prefix : KNOWN_PREFIXES) {
      if (lower.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * In an argument list ({@code put("key", "value")}) the "key" is only a name when it is written
   * like an environment variable ({@code GITHUB_TOKEN}); otherwise the pair is two words, as in
   * message tables ({@code {"password", "Kennwort"}}) or algorithm names.
   */
  /** Where the match sits in its context: at most 160 characters in (see SecretScanner). */
  static int valueAt(String value, String context) {
    int at = context.lastIndexOf(value, 160);
    return at < 0 ? context.indexOf(value) : at;
  }

  /** An unquoted identifier (saltUtf8, db_password2): a variable in code, not a literal. */
  static boolean unquotedIdentifier(String value, String context) {
    int at = valueAt(value, context);
    char before = at > 0 ? context.charAt(at - 1) : ' ';
    return before != '"'
        && before != '\''
        && before != '`'
        && value.matches("[A-Za-z_][A-Za-z0-9_]*");
  }

  static boolean plausibleAssignment(String value, String context) {
    int i = valueAt(value, context) - 1;
    while (i >= 0 && " \t\"'`".indexOf(context.charAt(i)) >= 0) {
      i--;
    }
    if (i < 0 || context.charAt(i) != ',') {
      return true;
    }
    i--;
    while (i >= 0 && " \t\"'`".indexOf(context.charAt(i)) >= 0) {
      i--;
    }
    int end = i + 1;
    while (i >= 0 && (Character.isLetterOrDigit(context.charAt(i)) || context.charAt(i) == '_')) {
      i--;
    }
    String key = context.substring(i + 1, end);
    return key.matches("[A-Z0-9_]*_[A-Z0-9_]*");
  }

  private static boolean passwordValue(List<String> g, String line) {
    String value = g.get(0);
    String lower = Validators.asciiLower(value);
    if (knownPrefix(value)
        || lower.contains("://")
        || lower.contains("\\u")
        || value.matches("[A-Za-z]+(?:-[A-Za-z]+)*")
        || !plausibleAssignment(value, line)
        || unquotedIdentifier(value, line)) {
      return false;
    }
    if (lower.startsWith("$")
        || lower.startsWith("%")
        || lower.startsWith("@")
        || lower.startsWith("&")
        || lower.startsWith("*")) {
      return false;
    }
    if (lower.matches(
        "(?:null|none|nil|true|false|undefined|empty|required|optional|string|password|passwd|secret|hidden)")) {
      return false;
    }
    // Code references (var.db_password, this.password, getPassword) are not passwords.
    if (value.matches("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)+")
        || value.matches("[A-Za-z_]+")) {
      return false;
    }
    return Validators.entropy(value) >= 2.5
        && (Validators.lettersAndDigits(value) || value.matches(".*[^A-Za-z0-9].*"));
  }

  private static boolean highEntropyValue(List<String> g, String line) {
    String value = g.get(0);
    if (knownPrefix(value)
        || !plausibleAssignment(value, line)
        || unquotedIdentifier(value, line)
        || value.matches("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")) {
      return false;
    }
    if (value.matches("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)+")
        || value.matches("[A-Za-z_]+")
        || value.matches("[0-9.]+")) {
      return false;
    }
    if (value.startsWith("$")
        || value.contains("/") && value.matches("(?:\\.{0,2}/)?[\\w.\\-]+(?:/[\\w.\\-]+)+/?")) {
      return false; // variables and file paths
    }
    double minimum = value.length() >= 32 ? 3.5 : 3.2;
    return Validators.entropy(value) >= minimum && Validators.lettersAndDigits(value);
  }
}
