import type { Messages } from './en.ts';

export const nl: Messages = {
  'product.name': 'Mandate',
  'common.loading': 'Bezig met laden…',
  'common.retry': 'Opnieuw proberen',
  'common.goHome': 'Naar de startpagina',
  'common.none': '—',
  'common.primary': 'primair',
  'common.previous': 'Vorige',
  'common.next': 'Volgende',

  'language.label': 'Taal',
  'language.nl': 'Nederlands',
  'language.fr': 'Français',
  'language.en': 'English',

  'login.title': 'Aanmelden bij Mandate',
  'login.subtitle': 'Het selfcareportaal voor zakelijke klanten.',
  'login.email': 'E-mailadres',
  'login.password': 'Wachtwoord',
  'login.submit': 'Aanmelden',
  'login.emailRequired': 'Vul je e-mailadres in.',
  'login.emailInvalid': 'Vul een geldig e-mailadres in.',
  'login.passwordRequired': 'Vul je wachtwoord in.',
  'login.error.title': 'Aanmelden mislukt',
  'login.error.invalidCredentials': 'Het e-mailadres of wachtwoord is onjuist.',
  'login.error.throttled': 'Te veel pogingen, probeer het later opnieuw.',
  'login.error.suspended': 'Je toegang is opgeschort. Neem contact op met je beheerder of de operator.',

  'login.sessionEnded': 'Je sessie is beëindigd. Meld je opnieuw aan.',

  'session.restoring': 'Je sessie wordt hersteld…',

  'layout.skipToContent': 'Naar de inhoud',
  'layout.navigation': 'Hoofdnavigatie',
  'layout.toggleNavigation': 'Navigatie tonen of verbergen',
  'layout.customer': 'Klant',
  'layout.noCustomer': 'Geen klant',
  'layout.userMenu': 'Gebruikersmenu',
  'layout.signOut': 'Afmelden',
  'layout.home': 'Start',
  'layout.apps': 'Apps',

  'relation.member': 'lid',
  'relation.affiliate': 'via {parent}',
  'relation.affiliateUnknown': 'verbonden onderneming',
  'relation.delegation': 'gedelegeerd aan {partner}',
  'relation.delegationUnknown': 'delegatie',

  'nav.backoffice': 'Backoffice',
  'nav.profile': 'Mijn profiel',

  'app.user-management': 'Gebruikersbeheer',
  'app.invoices': 'Mijn factuur online',
  'app.insights': 'Invoice Insights',
  'app.fleet-manager': 'Fleet Manager',
  'app.mobile': 'Mobiele nummers',
  'app.invoice-delivery': 'Factuurlevering',
  'app.orders': 'Bestellingen',

  'appDescription.user-management': 'Voeg gebruikers toe, geef hun profielen en rechten, en zie wie wat mag doen voor je bedrijf.',
  'appDescription.invoices': 'Je facturen, facturatie- en verbruiksgegevens, gespreksdetails en belkredieten.',
  'appDescription.insights': 'Analyseer facturen en verbruik per maand, rekening, simkaart, kostenplaats of soort kost.',
  'appDescription.fleet-manager': 'Beheer je mobiele vloot en haar facturatiegegevens; analyseer en exporteer ze.',
  'appDescription.mobile': 'Volg het verbruik van elke simkaart en wijzig haar tariefplan en opties.',
  'appDescription.invoice-delivery': 'Ontvang je facturen per e-mail (GreenBill) of in je bankapp (Zoomit).',
  'appDescription.orders': 'Bestel producten en diensten voor je bedrijf.',

  'appDetails.user-management':
    'Benoem Access Managers, Support Portal Users en Service Users, geef hun rechten op apps, facturatierekeningen, kostenplaatsen of simkaarten, en volg wie wat mag doen voor je bedrijf en zijn verbonden ondernemingen.',
  'appDetails.invoices':
    'Raadpleeg je facturatie- en verbruiksgegevens zodra een facturatieperiode afgesloten is, de gespreksdetails (gebelde nummers en sms-ontvangers, nooit de inhoud) en je belkredieten met hun evolutie en overdrachten. De officiële factuur heeft voorrang op de cijfers in het portaal.',
  'appDetails.insights':
    'Raadpleeg, filter en analyseer je facturen en verbruik per maand, per facturatierekening, per simkaart, per kostenplaats en per soort kost. Bewaar je eigen weergaven en druk ze af.',
  'appDetails.fleet-manager':
    'Beheer de toestellen met onze simkaarten en de facturatiegegevens die ze genereren: raadplegen, filteren, analyseren, afdrukken en exporteren naar CSV of rekenblad. Beschikbaar voor klanten met minstens 30 simkaarten.',
  'appDetails.mobile':
    'Volg het verbruik van elke simkaart bijna in realtime, wijzig tariefplannen, opties en nummerweergave, blokkeer een verloren of gestolen simkaart en geef je medewerkers selfservicerechten op hun eigen lijn.',
  'appDetails.invoice-delivery':
    'Geen papieren facturen meer: ontvang ze per e-mail met GreenBill (met een melding per e-mail of sms) of rechtstreeks in je bankapp met Zoomit.',
  'appDetails.orders': 'Bestel producten en diensten voor je bedrijf en volg je bestellingen op, binnen de rechten die je kreeg.',

  'appLanding.laterRelease': 'Deze app komt in een latere versie.',
  'appLanding.laterReleaseTitle': 'Binnenkort beschikbaar',

  'home.title': 'Welkom, {name}',
  'home.subtitle': 'De apps die je mag gebruiken voor {customer}.',
  'home.noApps': 'Je hebt nog geen apps bij deze klant. Vraag je beheerder om toegang.',

  'profileName.access_owner': 'Access Owner',
  'profileName.access_manager': 'Access Manager',
  'profileName.support_portal_user': 'Support Portal User',
  'profileName.service_user': 'Service User',

  'subProfile.purchaser': 'Aankoper',
  'subProfile.incident_manager': 'Incidentbeheerder',
  'subProfile.financial_manager': 'Financieel beheerder',
  'subProfile.fleet_manager': 'Vlootbeheerder',

  'status.active': 'Actief',
  'status.suspended': 'Opgeschort',

  'users.title': 'Gebruikers',
  'users.subtitle': 'Iedereen die mag optreden voor {customer}.',
  'users.tableLabel': 'Gebruikers van {customer}',
  'users.searchLabel': 'Gebruikers zoeken',
  'users.searchPlaceholder': 'Naam of e-mailadres',
  'users.column.name': 'Naam',
  'users.column.email': 'E-mailadres',
  'users.column.profile': 'Profiel',
  'users.column.status': 'Status',
  'users.column.employmentEnd': 'Einde tewerkstelling',
  'users.filter.profile': 'Profiel',
  'users.filter.status': 'Status',
  'users.filter.any': 'Alle',
  'users.empty': 'Geen gebruikers gevonden',
  'users.noEnd': 'Geen einddatum',

  'table.page': 'Pagina {page}',
  'table.pagination': 'Paginering',

  'myProfile.title': 'Mijn profiel',
  'myProfile.details': 'Persoonlijke gegevens',
  'myProfile.name': 'Naam',
  'myProfile.email': 'E-mailadres',
  'myProfile.language': 'Voorkeurstaal',
  'myProfile.operator': 'Medewerker van de operator',
  'myProfile.profiles': 'Mijn profielen per klant',
  'myProfile.customer': 'Klant',
  'myProfile.enterpriseNumber': 'Ondernemingsnummer',
  'myProfile.relation': 'Hoe je voor haar optreedt',
  'myProfile.profile': 'Profiel',
  'myProfile.noCustomers': 'Je treedt voor geen enkele klant op.',
  'myProfile.viaAffiliate': 'Access Owner van de moederonderneming',
  'myProfile.viaDelegation': 'Delegatie',

  'administrator.title': 'Wie is mijn beheerder?',
  'administrator.intro': 'Contacteer hen voor toegang of rechten bij {customer}.',
  'administrator.none': 'Deze klant heeft nog geen beheerder.',
  'administrator.noCustomer': 'Kies een klant om zijn beheerders te zien.',
  'administrator.email': 'E-mail',
  'administrator.phone': 'Telefoon',

  'backoffice.title': 'Backoffice',
  'backoffice.description':
    'Het werk van de operator voor de klanten: registraties aanvaarden, delegaties aan derden beoordelen en de toegang van een klant of gebruiker opschorten wegens beveiliging of fraude.',
  'backoffice.queues': 'De werklijsten komen in een latere versie.',

  'error.notFound.title': 'Pagina niet gevonden',
  'error.notFound.text': 'Deze pagina bestaat niet of is voor jou niet beschikbaar.',
  'error.customerNotFound.title': 'Klant niet gevonden',
  'error.customerNotFound.text': 'Je kunt niet optreden voor deze klant, of ze bestaat niet.',
  'error.notAvailable.title': 'Niet beschikbaar',
  'error.forbidden': 'Je hebt hier geen toegang toe.',
  'error.network.title': 'De server is niet bereikbaar',
  'error.network.text': 'Controleer je verbinding en probeer opnieuw.',
  'error.generic.title': 'Er ging iets mis',
  'error.generic.text': 'Er trad een onverwachte fout op. Probeer het later opnieuw.',
  'error.validation.title': 'Ongeldige aanvraag',
  // @@i18n:mail
  // @@i18n:users-admin
  // @@i18n:grants
  // @@i18n:delegations
};
