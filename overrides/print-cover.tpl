<div class="dit-cover">
  <p class="dit-cover__kicker">Dynamic Interpersonal Therapy</p>
  <h1>{{ config.site_name | e }}</h1>
  <p class="dit-cover__lede">{{ config.site_description | e }}</p>
  <table class="dit-cover__facts">
    <tr><th scope="row">Edition</th><td>{{ config.extra.edition_title | e }}</td></tr>
    <tr><th scope="row">Date</th><td>{{ config.extra.build_date | e }}</td></tr>
    <tr><th scope="row">Version</th><td>{{ config.extra.version | e }}</td></tr>
  </table>
  {% if config.extra.edition == "supervisor" %}
  <p class="dit-cover__warning"><strong>Supervisor edition: contains model answers and marking
  guides. Do not share it with trainees.</strong></p>
  {% endif %}
  <p class="dit-cover__small">Every case is a fictional composite. This handbook does not replace
  accredited DIT training and supervision, and it is not clinical advice.
  {{ config.copyright | e }}.</p>
</div>
